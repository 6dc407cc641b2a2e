from django.core.management.base import BaseCommand, CommandError

from guild.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; report the first broken link."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"Audit log chain broken at entry #{result.broken_id}: {result.reason} "
                f"({result.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {result.checked} entries."))
