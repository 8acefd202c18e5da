from django.core.management.base import BaseCommand

from conflicts.index import rebuild, refresh_statistics


class Command(BaseCommand):
    help = "Recreate the conflict search index from the direct accounts and live deal registrations."

    def handle(self, *args, **options):
        count = rebuild()
        refresh_statistics()
        self.stdout.write(f"Indexed {count} customer names.")
