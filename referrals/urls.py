from django.urls import path

from referrals import redirect

# The short links live at the site's root (config/urls.py): /r/<code>.
short_urlpatterns = [path("r/<str:code>", redirect.follow, name="follow")]
