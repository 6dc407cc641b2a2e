import logging
import time

from django.core.management.base import BaseCommand

from guild.core.scheduling import jobs

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run Guild's periodic jobs (reminders, lapses, retries, retention)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once, then exit.")

    def handle(self, *args, **options):
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in jobs():
                if options["once"] or now - last_run.get(job.name, -1e9) >= job.every_seconds:
                    try:
                        result = job.fn()
                        logger.info("periodic job %s: %s", job.name, result)
                    except Exception:
                        logger.exception("periodic job %s failed", job.name)
                    last_run[job.name] = now
            if options["once"]:
                return
            time.sleep(5)
