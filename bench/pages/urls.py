"""The product's URLs plus the minimal page; mounted only by `bench.pages.settings`."""

from django.urls import path

from bench.pages.views import minimal
from config.urls import urlpatterns as product_urlpatterns

MINIMAL_PATH = "/bench/minimal/"

urlpatterns = [path(MINIMAL_PATH.strip("/") + "/", minimal, name="bench_minimal"), *product_urlpatterns]
