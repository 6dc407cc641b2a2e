"""API: contacts (read/create), lists (read), subscriptions (create with consent), campaigns
(read, with statistics)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from guild.api.permissions import RulesPermission, TokenScopes
from guild.outreach import services
from guild.outreach.campaigns import campaign_stats
from guild.outreach.models import Campaign, Contact, MailingList, Subscription
from guild.outreach.selectors import campaigns_list, contacts_search


class ContactSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Contact
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "organisation_name",
            "kind",
            "source",
            "departement",
            "tags",
            "created_at",
            "last_activity_at",
        ]
        read_only_fields = ["id", "source", "created_at", "last_activity_at"]
        extra_kwargs = {"email": {"validators": []}}


class MailingListSerializer(serializers.ModelSerializer):
    class Meta:
        model = MailingList
        fields = ["id", "name", "slug", "kind", "description", "is_public", "commission"]


class SubscriptionSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(write_only=True)
    first_name = serializers.CharField(write_only=True, required=False, allow_blank=True)
    last_name = serializers.CharField(write_only=True, required=False, allow_blank=True)
    mailing_list = serializers.SlugRelatedField(
        slug_field="slug", queryset=MailingList.objects.all()
    )
    consent_wording = serializers.CharField(write_only=True)
    consent_source = serializers.CharField(write_only=True, max_length=120)
    contact = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Subscription
        fields = [
            "id",
            "contact",
            "email",
            "first_name",
            "last_name",
            "mailing_list",
            "status",
            "confirmed_at",
            "consent_wording",
            "consent_source",
        ]
        read_only_fields = ["id", "contact", "status", "confirmed_at"]


class StatsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    sent = serializers.IntegerField()
    delivered = serializers.IntegerField()
    bounced = serializers.IntegerField()
    failed = serializers.IntegerField()
    suppressed = serializers.IntegerField()
    pending = serializers.IntegerField()
    clicked = serializers.IntegerField()
    opened = serializers.IntegerField()
    unsubscribed = serializers.IntegerField()
    progress = serializers.IntegerField()


class CampaignSerializer(serializers.ModelSerializer):
    mailing_list = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stats = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "subject",
            "preheader",
            "status",
            "mailing_list",
            "scheduled_at",
            "started_at",
            "finished_at",
            "total",
            "stats",
        ]

    @extend_schema_field(StatsSerializer(allow_null=True))
    def get_stats(self, obj) -> dict | None:
        """Sending figures, on one campaign's page once it is sending; null otherwise."""
        if not self.context.get("detail") or obj.status not in {"sending", "sent"}:
            return None
        return campaign_stats(obj)


PERMS = {"*": "outreach.manage"}


class _Base:
    permission_classes = [TokenScopes, RulesPermission]
    permission_map = PERMS


class ContactViewSet(
    _Base,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ContactSerializer

    def get_queryset(self):
        return contacts_search(self.request.query_params.get("q", ""))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.contact_upsert(
                actor=self.request.user, source=Contact.Source.API, **data
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc


class MailingListViewSet(_Base, viewsets.ReadOnlyModelViewSet):
    serializer_class = MailingListSerializer
    queryset = MailingList.objects.all()


class SubscriptionViewSet(
    _Base, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = SubscriptionSerializer
    queryset = Subscription.objects.select_related("contact", "mailing_list")

    @extend_schema(
        description="Subscribe a contact to a list, recording the consent wording "
        "and its source (both required)."
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            contact = services.contact_upsert(
                actor=self.request.user,
                email=data["email"],
                source=Contact.Source.API,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            serializer.instance = services.subscription_set(
                actor=self.request.user,
                contact=contact,
                mailing_list=data["mailing_list"],
                active=True,
                source=f"api:{data['consent_source']}",
                wording=data["consent_wording"],
            )
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            ) from exc


class CampaignViewSet(_Base, viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer

    def get_queryset(self):
        return campaigns_list()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action == "retrieve"}


def register(router):
    router.register("outreach/contacts", ContactViewSet, basename="outreach-contact")
    router.register("outreach/lists", MailingListViewSet, basename="outreach-list")
    router.register("outreach/subscriptions", SubscriptionViewSet, basename="outreach-subscription")
    router.register("outreach/campaigns", CampaignViewSet, basename="outreach-campaign")
