from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("courses/<uuid:course_id>/", views.course, name="course"),
    path("courses/<uuid:course_id>/quiz/", views.quiz_start, name="quiz_start"),
    path("courses/<uuid:course_id>/retake/", views.course_retake, name="course_retake"),
    path("lessons/<uuid:lesson_id>/", views.lesson, name="lesson"),
    path("lessons/<uuid:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("attempts/<uuid:attempt_id>/", views.attempt, name="attempt"),
    path("mine/", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("progress/", views.progress, name="progress"),
    path("awards/<uuid:award_id>/revoke/", views.award_revoke, name="award_revoke"),
    path("certified/", views.certified, name="certified"),
    path("analytics/", views.analytics, name="analytics"),
    path("manage/new/", views.course_form, name="course_new"),
    path("manage/<uuid:course_id>/", views.course_form, name="course_edit"),
    path("manage/<uuid:course_id>/quiz/", views.quiz_save, name="quiz_save"),
    path("manage/<uuid:course_id>/lessons/new/", views.lesson_form, name="lesson_new"),
    path("manage/lessons/<uuid:lesson_id>/", views.lesson_form, name="lesson_edit"),
    path("manage/lessons/<uuid:lesson_id>/delete/", views.lesson_delete, name="lesson_delete"),
    path("manage/lessons/<uuid:lesson_id>/move/", views.lesson_move, name="lesson_move"),
    path("manage/<uuid:course_id>/questions/new/", views.question_form, name="question_new"),
    path("manage/questions/<uuid:question_id>/", views.question_form, name="question_edit"),
    path("certifications/", views.certifications, name="certifications"),
    path("certifications/<uuid:certification_id>/", views.certification_form, name="certification_edit"),
]
