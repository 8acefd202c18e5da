"""Notifications stored before 0002 kept every parameter as text, written in no one's language: a date as
"2026-11-30" (`str(date)`), a day count as "7" inside a message without plural forms. This rewrites them in
today's form (`notifications.messages`), so they render for each reader when read, like new ones: the date
as {"$date": "2026-11-30"} (shown "Nov. 30, 2026", «30 ноября 2026 г.»), the day count as a number of the
plural message that replaced the old one (1 день, 2 дня, 5 дней).

Only what is certain changes: a text that is exactly an ISO date (YYYY-MM-DD, a real day) in a parameter that
is no name, and the one message that had a count. Rows already in today's form are left as they are, so it is
safe to run on any database and twice. Going back needs nothing: the code of 0002 reads today's form (it
wrote it), and turning the dates back into text would only bring the defect back.
"""

import datetime
import re

from django.db import migrations

DATE = "$date"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
NAMES = {"customer", "partner"}  # free text: a company could be called anything
OLD_EXTENSION = "%(partner)s asks to extend the protection of %(customer)s by %(days)s days"
EXTENSION = (
    "%(partner)s asks to extend the protection of %(customer)s by %(days)s day",
    "%(partner)s asks to extend the protection of %(customer)s by %(days)s days",
    "days",
)
BATCH = 500


def _day(value):
    """The ISO day a parameter's text holds, or None."""
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def current_form(message_id, plural, count_param, params):
    """The row's message and parameters in today's form: (message_id, plural, count_param, params), or None
    when the row needs no change."""
    params = dict(params) if isinstance(params, dict) else {}
    changed = False
    for key, value in params.items():
        day = None if key in NAMES else _day(value)
        if day is not None:
            params[key] = {DATE: day}
            changed = True
    if message_id == OLD_EXTENSION and not plural:
        message_id, plural, count_param = EXTENSION
        changed = True
    count = params.get(count_param) if plural else None
    if isinstance(count, str) and count.strip().isdigit():
        params[count_param] = int(count)
        changed = True
    return (message_id, plural, count_param, params) if changed else None


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    rows = Notification.objects.only("id", "message_id", "message_plural", "count_param", "params")
    pending = []
    for row in rows.order_by("id").iterator(chunk_size=BATCH):
        fixed = current_form(row.message_id, row.message_plural, row.count_param, row.params)
        if fixed is None:
            continue
        row.message_id, row.message_plural, row.count_param, row.params = fixed
        pending.append(row)
        if len(pending) >= BATCH:
            Notification.objects.bulk_update(pending, ["message_id", "message_plural", "count_param", "params"])
            pending = []
    if pending:
        Notification.objects.bulk_update(pending, ["message_id", "message_plural", "count_param", "params"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_preferences_and_plurals")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
