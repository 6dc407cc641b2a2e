"""Import INSEE's Sirene establishments stock file (the national file is too big to upload)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guild.insights.models import Baseline
from guild.insights.services import baseline_import


class Command(BaseCommand):
    help = "Import a Sirene StockEtablissement file (.csv, .csv.gz or .zip) as a new baseline."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--date", help="Date of the register extract (YYYY-MM-DD).")

    def handle(self, *args, path, date=None, **options):
        from datetime import date as date_type

        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        stock_date = date_type.fromisoformat(date) if date else None
        with source.open("rb") as raw:
            baseline = baseline_import(
                actor=None, raw=raw, source_name=source.name, stock_date=stock_date
            )
        if baseline.status != Baseline.Status.SUCCEEDED:
            for error in baseline.errors:
                self.stderr.write(f"{error['line']}\t{error['column']}\t{error['message']}")
            raise CommandError(f"Import refused (baseline #{baseline.pk}).")
        self.stdout.write(
            f"Baseline #{baseline.pk}: {baseline.rows_kept} establishments kept "
            f"out of {baseline.rows_read} rows in {baseline.duration_seconds} s."
        )
