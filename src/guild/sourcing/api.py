"""API: directory search (public fields only) and published needs (read)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets

from guild.api.params import choice_param, int_param
from guild.sourcing import selectors
from guild.sourcing.models import Availability, Need, Profile


class ProfileSerializer(serializers.ModelSerializer):
    skills = serializers.SerializerMethodField()
    offer = serializers.SerializerMethodField()

    class Meta:
        model = Profile
        fields = ["id", "kind", "name", "offer", "skills", "departement", "availability"]

    def get_skills(self, profile) -> list[str]:
        if profile.visibility_of("skills") != "public":
            return []
        return [link.skill.name for link in profile.skill_links.all()]

    def get_offer(self, profile) -> str:
        return profile.offer if profile.visibility_of("offer") == "public" else ""


class NeedSerializer(serializers.ModelSerializer):
    skills = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "skills",
            "budget_min",
            "budget_max",
            "deadline",
            "place",
            "departement",
            "remote",
            "company_name",
            "published_at",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="French full-text query"),
        OpenApiParameter("skill", OpenApiTypes.INT),
        OpenApiParameter("departement", OpenApiTypes.STR),
        OpenApiParameter("availability", OpenApiTypes.STR, enum=Availability.values),
    ]
)
class DirectoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProfileSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = selectors.Filters(
            q=params.get("q", ""),
            skill=int_param(self.request, "skill", minimum=1),
            departement=params.get("departement", "")[:3],
            availability=choice_param(self.request, "availability", Availability.values) or "",
        )
        return selectors.with_skills(selectors.directory_search(filters))


class NeedViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NeedSerializer
    queryset = selectors.published_needs()


def register(router) -> None:
    router.register("directory", DirectoryViewSet, basename="sourcing-directory")
    router.register("needs", NeedViewSet, basename="sourcing-need")
