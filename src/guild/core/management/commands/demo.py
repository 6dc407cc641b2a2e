from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from guild.core import demo


class Command(BaseCommand):
    help = "Seed the French demo association (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Accepted for `make run`; seeding is idempotent either way.",
        )

    def handle(self, *args, **options):
        self.stdout.write("Données de démonstration…")
        with transaction.atomic():
            ctx = demo.seed(stdout=self.stdout)
        for app in settings.GUILD_APPS:
            module_name = f"{app}.demo"
            if app == "guild.core" or find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.seed(ctx)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Comptes de démonstration (mot de passe commun : {ctx.password}) :")
        )
        width = max((len(role) for role, _ in ctx.logins), default=10)
        for role, email in ctx.logins:
            self.stdout.write(f"  {role.ljust(width)}  {email}")
