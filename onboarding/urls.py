from django.urls import path

from onboarding import views

app_name = "onboarding"

# The CAM acts on a partner's step from the staff partner page.
STAFF_STEP = "partners/<uuid:partner_id>/onboarding/<uuid:step_id>/"

urlpatterns = [
    path("program/checklists/", views.checklists, name="checklists"),
    path("program/checklists/new/", views.step_new, name="step_new"),
    path("program/checklists/defaults/", views.checklist_defaults, name="defaults"),
    path("program/checklists/<uuid:step_id>/edit/", views.step_edit, name="step_edit"),
    path("program/checklists/<uuid:step_id>/move/", views.step_move_view, name="step_move"),
    path("program/checklists/<uuid:step_id>/active/", views.step_active_view, name="step_active"),
    path("program/checklists/<uuid:step_id>/delete/", views.step_delete_view, name="step_delete"),
    path("my/onboarding/", views.mine, name="mine"),
    path("my/onboarding/<uuid:step_id>/complete/", views.mine_complete, name="complete"),
    path(STAFF_STEP + "confirm/", views.staff_confirm, name="staff_confirm"),
    path(STAFF_STEP + "complete/", views.staff_complete, name="staff_complete"),
    path(STAFF_STEP + "reopen/", views.staff_reopen, name="staff_reopen"),
]
