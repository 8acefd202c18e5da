from django.urls import include, path

from leads import views

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("export/", views.lead_export, name="export"),
    path("bulk/", views.lead_bulk, name="bulk"),
    path("new/", views.lead_new, name="new"),
    path("refer/", views.referral_new, name="refer"),
    path("attributes/", views.attribute_list, name="attributes"),
    path("attributes/new/", views.attribute_new, name="attribute_new"),
    path("attributes/<uuid:attribute_id>/", views.attribute_edit, name="attribute_edit"),
    path("web/", views.web_form, name="web_form"),
    path("web/thanks/", views.web_form_thanks, name="web_form_thanks"),
    path("scoring/", include("leads.scoring.urls")),
    path("routing/", include("leads.routing.urls")),
    path("<uuid:lead_id>/", views.lead_detail, name="detail"),
    path("<uuid:lead_id>/edit/", views.lead_edit, name="edit"),
    *[
        path(f"<uuid:lead_id>/{action}/", views.lead_action, {"action": action}, name=action)
        for action in ("progress", "lose", "convert", "note")
    ],
]
