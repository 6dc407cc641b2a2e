"""REST API: commissions, missions and actions, read and write under the same permissions as
the pages (every write goes through the services)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action as route
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from guild.api.params import choice_param, int_param
from guild.api.permissions import RulesPermission, TokenScopes
from guild.commissions import selectors, services
from guild.commissions.models import Action, Commission, Horizon, Mission
from guild.commissions.services import NotAllowed


class CommissionSerializer(serializers.ModelSerializer):
    is_archived = serializers.BooleanField(read_only=True)

    class Meta:
        model = Commission
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "visibility",
            "join_policy",
            "is_archived",
            "created_at",
        ]
        read_only_fields = ["id", "slug", "is_archived", "created_at"]


class MissionSerializer(serializers.ModelSerializer):
    commission = serializers.SlugRelatedField(slug_field="slug", queryset=Commission.objects.all())

    class Meta:
        model = Mission
        fields = ["id", "commission", "title", "description", "objectives", "position"]
        read_only_fields = ["id", "position"]


class ActionSerializer(serializers.ModelSerializer):
    mission = serializers.PrimaryKeyRelatedField(queryset=Mission.objects.all())
    commission = serializers.CharField(source="mission.commission.slug", read_only=True)
    owners = serializers.PrimaryKeyRelatedField(
        many=True, queryset=get_user_model().objects.filter(is_active=True), required=False
    )
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "mission",
            "commission",
            "title",
            "description",
            "status",
            "horizon",
            "horizon_explicit",
            "owners",
            "start_date",
            "target_date",
            "progress",
            "planned_budget",
            "spent_budget",
            "abandon_reason",
            "is_overdue",
            "created_at",
            "completed_at",
        ]
        read_only_fields = [
            "id",
            "horizon_explicit",
            "abandon_reason",
            "created_at",
            "completed_at",
        ]

    def validate(self, attrs):  # the services validate (French messages)
        return attrs


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Action.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceErrors:
    def handle_exception(self, exc):
        if isinstance(exc, NotAllowed):
            exc = exceptions.PermissionDenied(str(exc.message))
        return super().handle_exception(exc)


PERMS = [IsAuthenticated, TokenScopes, RulesPermission]


@extend_schema_view(
    list=extend_schema(summary="Commissions visible to the caller"),
    retrieve=extend_schema(summary="One commission"),
)
class CommissionViewSet(
    ServiceErrors,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CommissionSerializer
    lookup_field = "slug"
    permission_classes = [*PERMS]
    permission_map = {
        "retrieve": "commissions.view_commission",
        "create": "commissions.add_commission",
        "update": "commissions.change_commission",
        "partial_update": "commissions.change_commission",
    }
    object_permission_only = True

    def get_queryset(self):
        return selectors.visible_commissions(self.request.user, include_archived=True)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.commission_create(
            actor=self.request.user, chairs=[self.request.user], **data
        )

    def perform_update(self, serializer):
        serializer.instance = services.commission_update(
            actor=self.request.user,
            commission=serializer.instance,
            **serializer.validated_data,
        )


class MissionViewSet(
    ServiceErrors,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MissionSerializer
    permission_classes = [*PERMS]

    def get_queryset(self):
        commissions = selectors.visible_commissions(self.request.user, include_archived=True)
        return Mission.objects.filter(commission__in=commissions).select_related("commission")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.mission_save(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("commission", None)
        mission = serializer.instance
        serializer.instance = services.mission_save(
            actor=self.request.user,
            commission=mission.commission,
            mission=mission,
            title=data.get("title", mission.title),
            description=data.get("description", mission.description),
            objectives=data.get("objectives", mission.objectives),
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("commission", str, description="Commission slug"),
            OpenApiParameter("status", str, enum=Action.Status.values),
            OpenApiParameter("horizon", str, enum=Horizon.values),
            OpenApiParameter("owner", int, description="Owner user id"),
        ]
    ),
)
class ActionViewSet(
    ServiceErrors,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ActionSerializer
    permission_classes = [*PERMS]

    def get_queryset(self):
        qs = selectors.visible_actions(self.request.user).order_by("target_date", "pk")
        params = self.request.query_params
        if params.get("commission"):
            qs = qs.filter(mission__commission__slug=params["commission"])
        if status := choice_param(self.request, "status", Action.Status.values):
            qs = qs.filter(status=status)
        if horizon := choice_param(self.request, "horizon", Horizon.values):
            qs = qs.filter(horizon=horizon)
        if (owner := int_param(self.request, "owner", minimum=1)) is not None:
            qs = qs.filter(owners__pk=owner).distinct()
        return qs

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.action_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "status" in data and data["status"] != serializer.instance.status:
            raise exceptions.ValidationError(
                {"status": [_("Use the transition endpoint to change the status.")]}
            )
        data.pop("status", None)
        action = serializer.instance
        serializer.instance = services.action_update(
            actor=self.request.user,
            action=action,
            owners=data.pop("owners", None),
            horizon=data.pop("horizon", action.horizon if action.horizon_explicit else None),
            mission=data.pop("mission", None),
            **data,
        )

    @extend_schema(
        request=TransitionSerializer,
        responses=ActionSerializer,
        summary="Move an action to another status",
    )
    @route(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        action = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        action = services.action_transition(
            actor=request.user, action=action, **payload.validated_data
        )
        return Response(ActionSerializer(action).data)


def register(router) -> None:
    router.register("commissions", CommissionViewSet, basename="commission")
    router.register("commission-missions", MissionViewSet, basename="commission-mission")
    router.register("commission-actions", ActionViewSet, basename="commission-action")
