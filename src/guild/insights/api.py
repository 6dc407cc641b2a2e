"""Read-only API: the figures the board publishes (nothing else leaves the back office)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from guild.api.permissions import TokenScopes
from guild.insights import independence, selectors


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    represented = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    jobs = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    jobs_represented = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    jobs_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class TotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    represented = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    jobs = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    jobs_represented = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    jobs_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class RepresentativenessSerializer(serializers.Serializer):
    baseline_id = serializers.IntegerField(allow_null=True)
    baseline_date = serializers.DateField(allow_null=True)
    region = serializers.CharField()
    totals = TotalsSerializer(allow_null=True)
    by_departement = RowSerializer(many=True, allow_null=True)
    by_naf = RowSerializer(many=True, allow_null=True)
    by_headcount = RowSerializer(many=True, allow_null=True)


YearSerializer = inline_serializer(
    "InsightsRevenueYear",
    {
        "year": serializers.IntegerField(),
        **{
            source: serializers.DecimalField(max_digits=14, decimal_places=2)
            for source in independence.SOURCES
        },
        "total": serializers.DecimalField(max_digits=14, decimal_places=2),
        "public_share": serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True),
    },
)


class IndependenceSerializer(serializers.Serializer):
    revenue_available = serializers.BooleanField()
    year = serializers.IntegerField()
    public_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    ceiling = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    within_ceiling = serializers.BooleanField(allow_null=True)
    by_year = YearSerializer.__class__(many=True)
    seats_available = serializers.BooleanField()
    seats_held = serializers.IntegerField(allow_null=True)
    seats_total = serializers.IntegerField(allow_null=True)
    seats_allowed = serializers.IntegerField(allow_null=True)
    seats_within_limit = serializers.BooleanField(allow_null=True)


def _rows(rows):
    return [{key: row[key] for key in RowSerializer().fields} for row in rows]


class RepresentativenessView(APIView):
    """Representativeness of the members against the region's digital sector (published part)."""

    permission_classes = [AllowAny, TokenScopes]

    @extend_schema(
        responses=RepresentativenessSerializer,
        tags=["insights"],
        summary=str(_("Published representativeness figures")),
    )
    def get(self, request):
        config = selectors.get_settings()
        baseline = selectors.current_baseline()
        data = {
            "baseline_id": None,
            "baseline_date": None,
            "region": config.region_name,
            "totals": None,
            "by_departement": None,
            "by_naf": None,
            "by_headcount": None,
        }
        if baseline is not None:
            data["baseline_id"] = baseline.pk
            data["baseline_date"] = baseline.stock_date or baseline.created_at.date()
            data["region"] = baseline.region_name
            totals = selectors.totals(baseline)
            if not config.publish_jobs:
                totals.update(jobs=None, jobs_represented=None, jobs_share=None)
            data["totals"] = totals
            for flag, key, dimension in (
                ("publish_by_departement", "by_departement", "departement"),
                ("publish_by_naf", "by_naf", "naf"),
                ("publish_by_headcount", "by_headcount", "headcount"),
            ):
                if getattr(config, flag):
                    rows = _rows(selectors.breakdown(baseline, dimension))
                    if not config.publish_jobs:
                        for row in rows:
                            row.update(jobs=None, jobs_represented=None, jobs_share=None)
                    data[key] = rows
        return Response(RepresentativenessSerializer(data).data)


class IndependenceView(APIView):
    """Share of public money and elected officials on the board (if the board publishes them)."""

    permission_classes = [AllowAny, TokenScopes]

    @extend_schema(
        responses=IndependenceSerializer,
        tags=["insights"],
        summary=str(_("Published independence figures")),
    )
    def get(self, request):
        from rest_framework.exceptions import NotFound

        if not selectors.get_settings().publish_independence:
            raise NotFound(_("The board does not publish these figures."))
        return Response(IndependenceSerializer(independence.independence_figures()).data)


urlpatterns = [
    path(
        "insights/representativeness/",
        RepresentativenessView.as_view(),
        name="insights-representativeness",
    ),
    path("insights/independence/", IndependenceView.as_view(), name="insights-independence"),
]
