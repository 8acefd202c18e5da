"""`manage.py ledger_check`: prove that the books balance; exit status 1 when they do not."""

import json

from django.core.management.base import BaseCommand, CommandError

from ledger.check import check_books


class Command(BaseCommand):
    help = "Check that every ledger transaction, and the whole ledger, sums to zero in each currency."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args, **options):
        result = check_books()
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
        else:
            self.stdout.write(f"{result.transactions} transactions, {result.entries} entries")
            for currency, total in sorted(result.totals.items()):
                self.stdout.write(f"  {currency}: ledger sums to {total}")
            for key, currency, total in result.unbalanced:
                self.stdout.write(f"  unbalanced: {key} {currency} {total}")
            for key in result.short:
                self.stdout.write(f"  fewer than two legs: {key}")
            if result.misfiled:
                self.stdout.write(f"  {result.misfiled} legs differ from their transaction")
        if not result.balanced:
            raise CommandError("The books do not balance.")
        self.stdout.write(self.style.SUCCESS("The books balance."))
