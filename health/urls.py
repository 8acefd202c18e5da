from django.urls import path

from health import views

app_name = "health"

urlpatterns = [
    path("health/", views.at_risk, name="at_risk"),
    path("health/export/", views.at_risk_export, name="at_risk_export"),
    path("health/settings/", views.settings_page, name="settings"),
    path("health/evaluate/", views.evaluate_now, name="evaluate"),
    path("health/reviews/<uuid:review_id>/", views.review, name="review"),
    path("health/reviews/<uuid:review_id>/plan/", views.review_plan_view, name="review_plan"),
    path("health/reviews/<uuid:review_id>/recover/", views.review_recover_view, name="review_recover"),
    path("health/partners/<uuid:partner_id>/", views.partner_health, name="partner"),
    path("my/health/", views.mine, name="mine"),
]
