from django.urls import include, path

app_name = "leads"
urlpatterns: list = [
    path("scoring/", include("leads.scoring.urls")),
]
