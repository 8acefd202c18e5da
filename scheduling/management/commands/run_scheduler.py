import time

from django.core.management.base import BaseCommand

from scheduling.scheduler import registered_jobs, run_pass


class Command(BaseCommand):
    help = "Enqueue due periodic jobs (scheduling/scheduler.py) for the task worker; loops unless --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run a single pass and exit (cron, tests).")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between passes (default 30)."
        )

    def handle(self, *args, once=False, interval=30.0, **options):
        if not once:
            names = ", ".join(job.name for job in registered_jobs()) or "none"
            self.stdout.write(f"Scheduler running every {interval:g} s; jobs: {names}. Ctrl-C stops it.")
        try:
            while True:
                for name in run_pass():
                    self.stdout.write(f"Enqueued {name}.")
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")
