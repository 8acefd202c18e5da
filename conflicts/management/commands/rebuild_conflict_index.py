from django.core.management.base import BaseCommand

from conflicts.index import rebuild


class Command(BaseCommand):
    help = "Recreate the conflict search index from the direct accounts and live deal registrations."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"Indexed {count} customer names.")
