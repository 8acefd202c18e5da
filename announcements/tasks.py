from django.tasks import task


@task
def publish_due() -> int:
    """Every few minutes: scheduled announcements whose moment has come are published (idempotent)."""
    from announcements.services import announcements_publish_due

    return announcements_publish_due()


@task
def send_digest() -> int:
    """Daily: one email per person with the announcements not emailed yet, as each chose (idempotent)."""
    from announcements.delivery import send_digest as send

    return send()
