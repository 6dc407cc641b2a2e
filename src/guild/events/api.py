"""API: events and ticket types (public read), orders (register), registrations (staff),
and the check-in redeem endpoint (scope ``checkin``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from guild.api.permissions import RulesPermission, TokenScopes
from guild.events import selectors
from guild.events.api_auth import CachedTokenAuthentication
from guild.events.models import Event, Registration, TicketType
from guild.events.services import Attendee, EventsError, order_place
from guild.events.views.checkin import redeem_payload


class TicketTypeSerializer(serializers.ModelSerializer):
    left = serializers.SerializerMethodField()

    class Meta:
        model = TicketType
        fields = [
            "id",
            "name",
            "category",
            "price",
            "member_price",
            "vat_rate",
            "sale_starts_at",
            "sale_ends_at",
            "max_per_order",
            "valid_days",
            "left",
        ]

    def get_left(self, obj) -> int | None:
        return getattr(obj, "left", None)


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "edition_year",
            "summary",
            "venue_name",
            "venue_address",
            "starts_at",
            "ends_at",
            "status",
        ]


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Public events (published, open or closed)."""

    serializer_class = EventSerializer
    permission_classes = [AllowAny, TokenScopes]
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.public_events()


class EventTicketTypesView(APIView):
    """An event's ticket types with what is left of each: a plain list (an event has a few
    ticket types, never a page of them)."""

    permission_classes = [AllowAny, TokenScopes]

    @extend_schema(responses=TicketTypeSerializer(many=True))
    def get(self, request, slug):
        event = get_object_or_404(selectors.public_events(), slug=slug)
        types = selectors.ticket_types_with_availability(event)
        return Response(TicketTypeSerializer(types, many=True).data)


class RegistrationSerializer(serializers.ModelSerializer):
    ticket_type = serializers.CharField(source="ticket_type.name", read_only=True)
    order = serializers.CharField(source="order.code", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "order",
            "ticket_type",
            "status",
            "first_name",
            "last_name",
            "email",
            "company",
            "job_title",
            "answers",
            "share_with_exhibitors",
            "created_at",
        ]


class RegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """Attendees of an event: staff only (``events.view_attendees``)."""

    serializer_class = RegistrationSerializer
    permission_classes = [IsAuthenticated, TokenScopes, RulesPermission]
    permission_map = {"*": "events.view_attendees"}

    def get_queryset(self):
        event = get_object_or_404(Event, slug=self.kwargs["event_slug"])
        return selectors.registrations_for_event(
            event, search=self.request.query_params.get("search", "")
        )


class AttendeeInSerializer(serializers.Serializer):
    ticket_type = serializers.IntegerField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    answers = serializers.DictField(required=False)
    share_with_exhibitors = serializers.BooleanField(required=False, default=False)


class OrderInSerializer(serializers.Serializer):
    buyer_name = serializers.CharField(max_length=200)
    buyer_email = serializers.EmailField()
    voucher = serializers.CharField(max_length=40, required=False, allow_blank=True)
    attendees = AttendeeInSerializer(many=True)


class OrderOutSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=10, decimal_places=2)
    registrations = serializers.ListField(child=serializers.IntegerField())


class OrderCreateView(APIView):
    """Register for an open event (any authenticated account with the ``write`` scope)."""

    authentication_classes = [CachedTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, TokenScopes]

    @extend_schema(request=OrderInSerializer, responses={201: OrderOutSerializer})
    def post(self, request, slug):
        event = get_object_or_404(Event, slug=slug)
        data = OrderInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            return Response(
                place_order(request.user, event, data.validated_data),
                status=status.HTTP_201_CREATED,
            )
        except EventsError as exc:
            raise ValidationError(order_refusal(exc)) from exc


def place_order(user, event, values: dict) -> dict:
    """Place an order from validated API values and return the response body (shared by the
    view above and the WSGI hot path, ``events/hotpath.py``). Raises ``EventsError``."""
    attendees = [
        Attendee(
            ticket_type_id=a["ticket_type"],
            first_name=a["first_name"],
            last_name=a["last_name"],
            email=a.get("email", ""),
            company=a.get("company", ""),
            job_title=a.get("job_title", ""),
            answers=a.get("answers", {}),
            share_with_exhibitors=a.get("share_with_exhibitors", False),
        )
        for a in values["attendees"]
    ]
    order = order_place(
        actor=user,
        event=event,
        attendees=attendees,
        buyer_name=values["buyer_name"],
        buyer_email=values["buyer_email"],
        voucher_code=values.get("voucher", ""),
        source="api",
    )
    return {
        "code": order.code,
        "status": order.status,
        "total": order.total,
        "registrations": [
            r.pk
            for r in sorted(
                order.created_registrations, key=lambda r: (r.last_name, r.first_name, r.pk)
            )
        ],
    }


def order_refusal(exc: EventsError) -> dict:
    """The ``details`` of a refused order, as the API answers it (400)."""
    return {"detail": exc.message, "code": exc.code}


class RedeemInSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)
    list = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=["entry", "exit"], default="entry")
    nonce = serializers.CharField(max_length=64)
    scanned_at = serializers.DateTimeField(required=False)
    gate = serializers.CharField(max_length=40, required=False, allow_blank=True)
    offline = serializers.BooleanField(required=False, default=False)


class CheckinPermission(IsAuthenticated):
    message = _("Check-in staff only.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm("events.checkin")


class RedeemView(APIView):
    """Redeem a badge: answers ``status`` ok/error with a ``reason`` code. A repeated nonce
    returns the first answer and records nothing more. Token scope: ``checkin``."""

    authentication_classes = [CachedTokenAuthentication, SessionAuthentication]
    permission_classes = [CheckinPermission, TokenScopes]
    required_scopes = {"checkin"}

    @extend_schema(
        request=RedeemInSerializer,
        responses={
            200: inline_serializer(
                "RedeemResult",
                {
                    "status": serializers.CharField(),
                    "reason": serializers.CharField(),
                    "message": serializers.CharField(),
                    "replayed": serializers.BooleanField(),
                    "attendee": serializers.DictField(allow_null=True),
                    "previous": serializers.DictField(allow_null=True),
                },
            )
        },
    )
    def post(self, request):
        serializer = RedeemInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        payload = dict(serializer.validated_data)
        if payload.get("scanned_at"):
            payload["scanned_at"] = payload["scanned_at"].isoformat()
        result, errors = redeem_payload(request.user, payload)
        if errors:
            raise ValidationError(errors)
        return Response(result.as_dict())


def register(router):
    router.register("events", EventViewSet, basename="events-event")


urlpatterns = [
    path(
        "events/<slug:slug>/ticket-types/",
        EventTicketTypesView.as_view(),
        name="events-ticket-types",
    ),
    path("events/<slug:slug>/orders/", OrderCreateView.as_view(), name="events-order-create"),
    path(
        "events/<slug:event_slug>/registrations/",
        RegistrationViewSet.as_view({"get": "list"}),
        name="events-registrations",
    ),
    path(
        "events/<slug:event_slug>/registrations/<int:pk>/",
        RegistrationViewSet.as_view({"get": "retrieve"}),
        name="events-registration-detail",
    ),
    path("checkin/redeem/", RedeemView.as_view(), name="events-redeem"),
]
