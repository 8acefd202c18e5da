from django.utils.translation import gettext_lazy as _

from core.events import EventField, EventText, register_event_fields, register_event_link, register_events
from learning.models import EnrollmentState
from notifications.kinds import Audience, register_kind

register_events(
    {
        "learning.course_created": EventText(
            _("Course created"), _("%(actor)s created the course %(target)s")
        ),
        "learning.course_updated": EventText(
            _("Course changed"), _("%(actor)s changed the course %(target)s")
        ),
        "learning.lesson_created": EventText(_("Lesson added"), _("%(actor)s added the lesson %(target)s")),
        "learning.lesson_updated": EventText(
            _("Lesson changed"), _("%(actor)s changed the lesson %(target)s")
        ),
        "learning.lesson_deleted": EventText(
            _("Lesson removed"), _("%(actor)s removed the lesson %(target)s")
        ),
        "learning.quiz_updated": EventText(_("Quiz changed"), _("%(actor)s changed the quiz of %(target)s")),
        "learning.question_created": EventText(
            _("Quiz question added"), _("%(actor)s added the quiz question “%(target)s”")
        ),
        "learning.question_updated": EventText(
            _("Quiz question changed"), _("%(actor)s changed the quiz question “%(target)s”")
        ),
        "learning.enrolled": EventText(_("Course started"), _("%(actor)s started the course %(target)s")),
        "learning.course_completed": EventText(
            _("Course completed"), _("%(actor)s completed the course %(target)s")
        ),
        "learning.course_retaken": EventText(
            _("Course retaken"), _("%(actor)s started the course %(target)s again")
        ),
        "learning.attempt_graded": EventText(
            _("Quiz attempt graded"), _("%(actor)s took the quiz of %(target)s")
        ),
        "learning.certification_created": EventText(
            _("Certification created"), _("%(actor)s created the certification %(target)s")
        ),
        "learning.certification_updated": EventText(
            _("Certification changed"), _("%(actor)s changed the certification %(target)s")
        ),
        "learning.certified": EventText(
            _("Certification awarded"), _("%(actor)s was awarded the certification %(target)s")
        ),
        "learning.award_revoked": EventText(
            _("Certification revoked"), _("%(actor)s revoked the certification %(target)s")
        ),
        "learning.reminded": EventText(
            _("Recertification reminder sent"), _("A reminder was sent that %(target)s expires soon")
        ),
    }
)

register_event_link("learning.course", staff="learning:course_edit", partner="learning:course")
register_event_link("learning.certification", staff="learning:certifications", partner="learning:mine")

# The notifications learning sends (learning/services.py): each person chooses how they hear about them.
register_kind("learning.certified", _("Certification awarded"), audiences=(Audience.PARTNER,))
register_kind("learning.reminded", _("Certification expires soon"), audiences=(Audience.PARTNER,))
register_kind("learning.award_revoked", _("Certification revoked"), audiences=(Audience.PARTNER,))


# What the learning events record besides the models' own fields, named for the timeline.
register_event_fields(
    "learning.course",
    {
        "score": EventField(_("score, %")),
        "passed": EventField(_("passed"), kind="bool"),
        "late": EventField(_("answered late"), kind="bool"),
        "attempt": EventField(_("attempt")),
        "state": EventField(_("state"), EnrollmentState.choices),
        "lessons": EventField(_("lessons")),
    },
)
register_event_fields(
    "learning.certification",
    {
        "expires": EventField(_("expires"), kind="date"),
        "holder": EventField(_("holder"), kind="user"),
        "revoked": EventField(_("revoked"), kind="date"),
    },
)
register_event_fields("learning.lesson", {"course": EventField(_("course"))})
register_event_fields("learning.question", {"answers": EventField(_("answers"))})
