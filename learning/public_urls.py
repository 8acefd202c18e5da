"""The public verification page at the site's root (`/verify/<code>`): a certificate's QR code opens it."""

from django.urls import path

from learning import views

urlpatterns = [path("verify/<str:code>", views.verify, name="verify_certificate")]
