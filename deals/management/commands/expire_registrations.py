from django.core.management.base import BaseCommand

from deals.services import registrations_expire


class Command(BaseCommand):
    help = "Expire approved deal registrations whose protection has ended (safe to run twice)."

    def handle(self, *args, **options):
        count = registrations_expire()
        self.stdout.write(f"{count} registration(s) expired.")
