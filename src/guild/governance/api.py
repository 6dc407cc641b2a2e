"""Read-only API: bodies, mandates, public declarations, assemblies and their results."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from guild.governance import selectors
from guild.governance.models import Assembly, Body, Declaration, Mandate, Resolution


class MandateSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name")
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "body",
            "person",
            "role",
            "starts_on",
            "ends_on",
            "ended_on",
            "renewal_class",
        ]


class BodySerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = ["id", "slug", "name", "kind", "seats", "members"]

    @extend_schema_field(MandateSerializer(many=True))
    def get_members(self, obj) -> list[dict]:
        return MandateSerializer(getattr(obj, "current", []), many=True).data


class OfficeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    level = serializers.CharField()
    title = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class DeclarationSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name")
    offices = serializers.SerializerMethodField()
    employer = serializers.SerializerMethodField()
    business_ties = serializers.SerializerMethodField()
    public_funding_ties = serializers.SerializerMethodField()

    class Meta:
        model = Declaration
        fields = [
            "id",
            "person",
            "year",
            "offices",
            "employer",
            "business_ties",
            "public_funding_ties",
        ]

    def _public(self, name) -> bool:
        return name in self.context.get("public_fields", [])

    @extend_schema_field(OfficeSerializer(many=True))
    def get_offices(self, obj) -> list[dict]:
        if not self._public("elected_offices"):
            return []
        return OfficeSerializer(obj.offices.all(), many=True).data

    def get_employer(self, obj) -> str:
        return obj.employer if self._public("employer") else ""

    def get_business_ties(self, obj) -> str:
        return obj.business_ties if self._public("business_ties") else ""

    def get_public_funding_ties(self, obj) -> str:
        return obj.public_funding_ties if self._public("public_funding_ties") else ""


class ResolutionSerializer(serializers.ModelSerializer):
    result = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = ["id", "position", "kind", "title", "decision_type", "secret", "status", "result"]

    def get_result(self, obj) -> dict:
        return obj.result if obj.status == Resolution.Status.CLOSED else {}


class AssemblySerializer(serializers.ModelSerializer):
    resolutions = ResolutionSerializer(many=True, read_only=True)

    class Meta:
        model = Assembly
        fields = [
            "id",
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "status",
            "roll_count",
            "roll_weight",
            "resolutions",
        ]


@extend_schema_view(
    list=extend_schema(summary="Bodies with their current members"),
    retrieve=extend_schema(summary="One body"),
)
class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BodySerializer

    def get_queryset(self):
        return selectors.bodies_with_members()


@extend_schema_view(
    list=extend_schema(summary="Mandates, current and past"),
    retrieve=extend_schema(summary="One mandate"),
)
class MandateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MandateSerializer

    def get_queryset(self):
        return Mandate.objects.select_related("person", "body").order_by("-starts_on", "pk")


@extend_schema_view(
    list=extend_schema(summary="Public parts of the declarations of interests"),
    retrieve=extend_schema(summary="One declaration (public parts)"),
)
class DeclarationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeclarationSerializer

    def get_queryset(self):
        return selectors.public_declarations()

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "public_fields": selectors.current_policy().public_fields(),
        }


@extend_schema_view(
    list=extend_schema(summary="General assemblies and their results"),
    retrieve=extend_schema(summary="One general assembly"),
)
class AssemblyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssemblySerializer

    def get_queryset(self):
        return (
            Assembly.objects.exclude(status=Assembly.Status.DRAFT)
            .prefetch_related(
                Prefetch("resolutions", queryset=Resolution.objects.order_by("position", "id"))
            )
            .order_by("-starts_at")
        )


def register(router) -> None:
    router.register("governance/bodies", BodyViewSet, basename="governance-body")
    router.register("governance/mandates", MandateViewSet, basename="governance-mandate")
    router.register(
        "governance/declarations", DeclarationViewSet, basename="governance-declaration"
    )
    router.register("governance/assemblies", AssemblyViewSet, basename="governance-assembly")
