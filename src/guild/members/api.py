"""Read-only API: organisations, people and memberships.

Staff (and the treasurer) see everything; an organisation's manager sees their organisation,
its people and its memberships; a member sees themselves and their own memberships; nobody
else sees personal data (empty lists, 404 on detail). Token requests need the ``read`` scope.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from guild.api.params import choice_param
from guild.members import selectors
from guild.members.constants import MembershipStatus
from guild.members.models import Membership, Organisation, Person


class OrganisationSerializer(serializers.ModelSerializer):
    naf_code = serializers.CharField(source="naf.code", default="", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "legal_name",
            "trade_name",
            "siren",
            "siret",
            "vat_number",
            "naf_code",
            "legal_form",
            "headcount_band",
            "address_line",
            "postal_code",
            "city",
            "departement",
            "email",
            "phone",
            "website",
            "directory_listed",
        ]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "job_title",
            "organisation",
            "is_independent",
            "siret",
            "postal_code",
            "city",
            "departement",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    holder_name = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "category",
            "organisation",
            "person",
            "holder_name",
            "status",
            "period_start",
            "period_end",
            "applied_at",
            "admitted_at",
            "ended_at",
            "dues_amount",
        ]


SEARCH = OpenApiParameter("search", str, description="Words to look for (all must match).")


class _SearchMixin:
    search_fields: tuple[str, ...] = ()

    def _search(self, queryset):
        for word in self.request.query_params.get("search", "").split()[:5]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset


@extend_schema_view(list=extend_schema(parameters=[SEARCH]))
class OrganisationViewSet(_SearchMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations: staff all; a manager their own. ``?search=`` on names, SIREN, commune."""

    serializer_class = OrganisationSerializer
    search_fields = ("legal_name", "trade_name", "siren", "city")

    def get_queryset(self):
        return self._search(selectors.organisations_visible_to(self.request.user))


@extend_schema_view(list=extend_schema(parameters=[SEARCH]))
class PersonViewSet(_SearchMixin, viewsets.ReadOnlyModelViewSet):
    """People: staff all; a manager their organisation's people; a member themselves."""

    serializer_class = PersonSerializer
    search_fields = ("first_name", "last_name", "email")

    def get_queryset(self):
        return self._search(selectors.people_visible_to(self.request.user))


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "status", str, enum=MembershipStatus.values, description="Membership status code."
            ),
            OpenApiParameter("category", str, description="Category code."),
        ]
    )
)
class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    """Memberships: staff all (``?status=``, ``?category=``); others those they hold or manage."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        queryset = selectors.memberships_visible_to(self.request.user)
        params = self.request.query_params
        if status := choice_param(self.request, "status", MembershipStatus.values):
            queryset = queryset.filter(status=status)
        if params.get("category"):
            queryset = queryset.filter(category__code=params["category"])
        return queryset


def register(router) -> None:
    router.register("members/organisations", OrganisationViewSet, basename="members-organisation")
    router.register("members/people", PersonViewSet, basename="members-person")
    router.register("members/memberships", MembershipViewSet, basename="members-membership")
