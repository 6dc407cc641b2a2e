"""Factories of the commissions tests (objects built directly; behaviour goes via services)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from guild.commissions.models import Action, Commission, Meeting, Membership, Mission


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    name = factory.Sequence(lambda n: f"Commission {n}")
    slug = factory.Sequence(lambda n: f"commission-{n}")
    description = "Une commission de test."
    visibility = Commission.Visibility.PUBLIC
    join_policy = Commission.JoinPolicy.APPROVAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    commission = factory.SubFactory(CommissionFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    commission = factory.SubFactory(CommissionFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    objectives = "Premier objectif\nSecond objectif"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    mission = factory.SubFactory(MissionFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    start_date = factory.LazyFunction(timezone.localdate)
    target_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    status = Action.Status.PLANNED

    @factory.post_generation
    def owners(self, create, extracted, **kwargs):
        if create and extracted:
            self.owners.set(extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    commission = factory.SubFactory(CommissionFactory)
    title = "Réunion de la commission"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    location = "Maison des associations"


def association_member(user):
    """Make ``user`` a member of the association in good standing (an individual membership),
    which joining a commission or seeing a members-only one requires."""
    from guild.members.models import Membership, MembershipCategory, Person

    category, _ = MembershipCategory.objects.get_or_create(
        code="independant-test", defaults={"name": "Indépendant", "holder": "person"}
    )
    person = Person.objects.create(
        first_name=user.first_name, last_name=user.last_name, email=user.email, user=user
    )
    Membership.objects.create(person=person, category=category, status="active")
    return user
