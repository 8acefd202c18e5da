"""The public verification page at the site's root (`/verify/<code>`), where a certificate's QR code points."""

from django.urls import path

from learning import views

urlpatterns = [path("verify/<str:code>", views.verify, name="verify_certificate")]
