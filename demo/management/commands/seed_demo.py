"""`manage.py seed_demo`: load the Kanal Bikes demo (AdventureWorks resellers) and print the demo logins."""

import time

from django.core.management.base import BaseCommand

from demo.seeding import PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Create the demo data (once; does nothing when it is already there) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the table of logins.")

    def handle(self, *args, quiet_logins=False, **options):
        started = time.monotonic()
        if seed_demo():
            self.stdout.write(self.style.SUCCESS(f"Demo data created in {time.monotonic() - started:.1f} s."))
        else:
            self.stdout.write("Demo data already present; nothing to do.")
        if not quiet_logins:
            self.print_logins()

    def print_logins(self) -> None:
        logins = demo_logins()
        width = max((len(login.email) for login in logins), default=5)
        role_width = max((len(login.role) for login in logins), default=4)
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD})\n")
        self.stdout.write(f"  {'email':<{width}}  {'role':<{role_width}}  for")
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role:<{role_width}}  {login.organisation}")
        self.stdout.write("")
