"""Factories for the events app's tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from guild.events.models import CheckinList, Event, EventStatus, Quota, TicketType


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Salon du numérique {n}")
    slug = factory.Sequence(lambda n: f"salon-{n}")
    kind = "trade_show"
    status = EventStatus.OPEN
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=9))
    venue_name = "Parc des expositions"


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quota

    event = factory.SubFactory(EventFactory)
    name = "Capacité"
    size = 100


class TicketTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketType

    event = factory.SubFactory(EventFactory)
    name = "Visiteur professionnel"
    price = Decimal("0.00")


class CheckinListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckinList

    event = factory.SubFactory(EventFactory)
    name = "Entrée principale"
