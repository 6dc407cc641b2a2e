"""Factories for governance tests: organisations, people and memberships with history."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from guild.members.models import (
    College,
    CompanyGroup,
    Membership,
    MembershipCategory,
    MembershipEvent,
    Organisation,
    Person,
)
from tests.factories import UserFactory


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = College
        django_get_or_create = ("code",)

    code = "entreprises"
    name = "Entreprises"
    weight = Decimal("1.000")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipCategory
        django_get_or_create = ("code",)

    code = "entreprise"
    name = "Entreprise"
    holder = "organisation"
    college = factory.SubFactory(CollegeFactory)
    voting = True
    admission_required = True


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyGroup

    name = factory.Sequence(lambda n: f"Groupe {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Société {n}")
    email = factory.Sequence(lambda n: f"contact@societe{n}.fr")
    address_line = factory.Sequence(lambda n: f"{n} rue du Port")
    postal_code = "87000"
    city = "Limoges"
    phone = factory.Sequence(lambda n: f"05 55 {n // 100 % 100:02d} {n % 100:02d} 00")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@exemple{n}.fr")


_counter = itertools.count(1)


def person_with_user(**kwargs) -> Person:
    user = kwargs.pop("user", None)
    if user is None:
        n = next(_counter)
        user = UserFactory(email=f"membre{n}@domaine{n}.fr")
    return PersonFactory(
        user=user, email=user.email, first_name=user.first_name, last_name=user.last_name, **kwargs
    )


def make_membership(
    *,
    status="active",
    months=24,
    organisation=None,
    person=None,
    category=None,
    contact=None,
    application_data=None,
) -> Membership:
    """A membership whose history says it has been active for ``months`` months."""
    category = category or CategoryFactory()
    if organisation is None and person is None:
        organisation = OrganisationFactory()
    if organisation is not None and contact is None:
        contact = person_with_user()
    membership = Membership.objects.create(
        category=category,
        organisation=organisation,
        person=person if not organisation else None,
        contact=contact,
        status=status,
        application_data=application_data or {},
    )
    if status == "active":
        at = timezone.now() - timedelta(days=int(months * 30.5))
        MembershipEvent.objects.create(
            membership=membership, from_status="admitted", to_status="active", at=at
        )
    return membership


def apply(*, data=None, organisation=None, category=None) -> Membership:
    """An application (status applied), not yet handed to the procedure."""
    return make_membership(
        status="applied", organisation=organisation, category=category, application_data=data or {}
    )
