from django.urls import include, path

app_name = "leads"
urlpatterns: list = [
    path("routing/", include("leads.routing.urls")),
]
