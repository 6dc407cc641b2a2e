"""API: resources, a resource's availability on a day, and the caller's own bookings."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from guild.coworking import selectors, services
from guild.coworking.models import Booking, Resource


class ResourceSerializer(serializers.ModelSerializer):
    space = serializers.CharField(source="space.name", read_only=True)

    class Meta:
        model = Resource
        fields = [
            "id",
            "space",
            "kind",
            "name",
            "capacity",
            "pool_size",
            "equipment",
            "member_price_hour",
            "public_price_hour",
            "member_price_half_day",
            "public_price_half_day",
            "member_price_day",
            "public_price_day",
        ]


class BusySerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    quantity = serializers.IntegerField()


class AvailabilitySerializer(serializers.Serializer):
    resource = serializers.IntegerField()
    date = serializers.DateField()
    opens = serializers.TimeField(allow_null=True)
    closes = serializers.TimeField(allow_null=True)
    closed = serializers.BooleanField()
    pool_size = serializers.IntegerField(allow_null=True)
    busy = BusySerializer(many=True)


class BookingSerializer(serializers.ModelSerializer):
    resource_name = serializers.CharField(source="resource.name", read_only=True)
    repeat_weeks = serializers.IntegerField(
        write_only=True, required=False, default=1, min_value=1, max_value=26
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "resource",
            "resource_name",
            "start",
            "end",
            "quantity",
            "status",
            "price",
            "member_rate",
            "repeat_weeks",
        ]
        read_only_fields = ["status", "price", "member_rate"]


class ResourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ResourceSerializer
    queryset = selectors.resources()

    @extend_schema(
        responses=AvailabilitySerializer,
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Day (default: today)")
        ],
    )
    @action(detail=True)
    def availability(self, request, pk=None):
        resource = self.get_object()
        raw = request.query_params.get("date")
        try:
            day = date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError as exc:
            raise ValidationError({"date": [_("Enter a valid date (YYYY-MM-DD).")]}) from exc
        return Response(AvailabilitySerializer(selectors.availability(resource, day)).data)


class BookingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BookingSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        return selectors.bookings_of_user(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            created = services.booking_create(
                actor=request.user,
                resource=data["resource"],
                start=data["start"],
                end=data["end"],
                quantity=data.get("quantity", 1),
                repeat_weeks=data.get("repeat_weeks", 1),
            )
        except services.BookingError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}) from exc
        return Response(BookingSerializer(created[0]).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("coworking/resources", ResourceViewSet, basename="coworking-resource")
    router.register("coworking/bookings", BookingViewSet, basename="coworking-booking")
