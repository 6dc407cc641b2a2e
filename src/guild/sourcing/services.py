"""Writes on sourcing: skills, profiles (and their search index), needs, introductions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.outbox import email_queue
from guild.core.permissions import is_staff
from guild.members.selectors import memberships_of_user
from guild.sourcing.models import (
    Introduction,
    Need,
    NeedNotification,
    NeedResponse,
    Profile,
    ProfileSkill,
    Skill,
    Visibility,
)
from guild.sourcing.search import normalise

INTRODUCTIONS_PER_DAY = 5
SEARCH_CONFIG = "guild_french"


class SourcingError(Exception):
    """A refusal with a clear (translated) message; nothing has been written."""


def is_member(user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and memberships_of_user(user).filter(status="active").exists()
    )


# --- skills --------------------------------------------------------------------------------


def skill_save(
    *, actor, name: str, parent: Skill | None = None, synonyms: str = "", skill: Skill | None = None
) -> Skill:
    if not is_staff(actor):
        raise SourcingError(_("Only staff can edit the skills taxonomy."))
    name = name.strip()
    if not name:
        raise SourcingError(_("A skill needs a name."))
    with transaction.atomic():
        skill = skill or Skill()
        if parent is not None and skill.pk and parent.pk == skill.pk:
            raise SourcingError(_("A skill cannot be its own parent."))
        skill.name, skill.parent, skill.synonyms = name, parent, synonyms.strip()
        if not skill.slug:
            base = slugify(name)[:90] or "competence"
            slug, n = base, 1
            while Skill.objects.filter(slug=slug).exclude(pk=skill.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            skill.slug = slug
        skill.save()
        audit_log(actor=actor, action="sourcing.skill_save", target=skill)
        for profile in Profile.objects.filter(skill_links__skill=skill):
            profile_reindex(profile)
    return skill


# --- profiles ------------------------------------------------------------------------------


def _public(profile: Profile, field: str) -> bool:
    return profile.visibility_of(field) == Visibility.PUBLIC


def profile_reindex(profile: Profile) -> None:
    """Rebuild the search text (SQLite and display) and vector (PostgreSQL) from the fields
    the member made public, plus skill names, their parents and synonyms."""
    skill_words = []
    if _public(profile, "skills"):
        for link in profile.skill_links.select_related("skill__parent"):
            skill = link.skill
            skill_words += [skill.name, skill.synonyms]
            if skill.parent:
                skill_words += [skill.parent.name]
    body = [
        profile.offer if _public(profile, "offer") else "",
        profile.references if _public(profile, "references") else "",
        profile.certifications if _public(profile, "certifications") else "",
    ]
    text = normalise(" ".join([profile.name, *skill_words, *body]))
    Profile.objects.filter(pk=profile.pk).update(search_text=text)
    if connection.vendor == "postgresql":
        Profile.objects.filter(pk=profile.pk).update(
            search_vector=(
                SearchVector(Value(profile.name), weight="A", config=SEARCH_CONFIG)
                + SearchVector(Value(" ".join(skill_words)), weight="A", config=SEARCH_CONFIG)
                + SearchVector(Value(" ".join(body)), weight="B", config=SEARCH_CONFIG)
            )
        )


def _holder_facets(profile: Profile) -> None:
    if profile.organisation_id:
        org = profile.organisation
        profile.departement = org.departement or ""
        profile.naf_code = org.naf.code if org.naf_id else ""
        profile.headcount_band = org.headcount_band or ""
    else:
        person = profile.person
        profile.departement = person.departement or ""
        profile.naf_code = ""
        profile.headcount_band = "00"


def can_edit_profile(user, profile: Profile) -> bool:
    if is_staff(user):
        return True
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return False
    if profile.person_id:
        return profile.person_id == person.pk
    return person.organisation_id == profile.organisation_id


FIELDS = (
    "name",
    "offer",
    "references",
    "certifications",
    "languages",
    "departements_served",
    "availability",
    "day_rate_min",
    "day_rate_max",
    "published",
)


def profile_save(
    *,
    actor,
    profile: Profile,
    data: dict,
    skills: list[tuple[Skill, int]],
    visibility: dict | None = None,
) -> Profile:
    """Create or update a profile with its skills; refreshes facets and the search index."""
    if profile.pk and not can_edit_profile(actor, profile):
        raise SourcingError(_("You cannot edit this profile."))
    rate_min, rate_max = data.get("day_rate_min"), data.get("day_rate_max")
    if rate_min and rate_max and rate_min > rate_max:
        raise SourcingError(_("The minimum day rate is higher than the maximum."))
    with transaction.atomic():
        for field in FIELDS:
            if field in data:
                setattr(profile, field, data[field])
        if visibility is not None:
            allowed = {v.value for v in Visibility}
            profile.visibility = {k: v for k, v in visibility.items() if v in allowed}
        _holder_facets(profile)
        profile.save()
        ProfileSkill.objects.filter(profile=profile).delete()
        ProfileSkill.objects.bulk_create(
            [ProfileSkill(profile=profile, skill=skill, level=level) for skill, level in skills]
        )
        profile_reindex(profile)
        audit_log(actor=actor, action="sourcing.profile_save", target=profile)
    return profile


def profile_for_user(user) -> Profile | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    profile = Profile.objects.filter(person=person).first()
    if profile is None and person.organisation_id:
        profile = Profile.objects.filter(organisation_id=person.organisation_id).first()
    return profile


def profile_contact_email(profile: Profile) -> str:
    if profile.person_id:
        user = profile.person.user
        return (user.email if user else "") or profile.person.email
    org = profile.organisation
    contact = org.people.exclude(user=None).select_related("user").first()
    return org.email or (contact.user.email if contact else "")


# --- needs ---------------------------------------------------------------------------------


def need_submit(*, actor, data: dict, skills, on_behalf: bool = False) -> Need:
    skills = list(skills)
    if not skills:
        raise SourcingError(_("Choose at least one skill so that the right members see it."))
    staff = is_staff(actor)
    if on_behalf and not staff:
        raise SourcingError(_("Only staff can post a need on behalf of a company."))
    if not on_behalf and not (is_member(actor) or staff):
        raise SourcingError(_("Only members can post a need; companies contact the staff."))
    if (
        data.get("budget_min")
        and data.get("budget_max")
        and data["budget_min"] > data["budget_max"]
    ):
        raise SourcingError(_("The minimum budget is higher than the maximum."))
    with transaction.atomic():
        need = Need(posted_by=actor, on_behalf=on_behalf, **data)
        if not need.company_name:
            person = getattr(actor, "person", None)
            org = getattr(person, "organisation", None)
            need.company_name = str(org) if org else actor.display_name
        if not need.company_email:
            need.company_email = actor.email
        need.save()
        need.skills.set(skills)
        audit_log(actor=actor, action="sourcing.need_submit", target=need)
    return need


def need_moderate(*, actor, need: Need, approve: bool, note: str = "") -> Need:
    if not is_staff(actor):
        raise SourcingError(_("Only staff moderate needs."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != Need.Status.PENDING:
            raise SourcingError(_("This need has already been moderated."))
        need.status = Need.Status.PUBLISHED if approve else Need.Status.REJECTED
        need.moderated_by, need.moderation_note = actor, note
        if approve:
            need.published_at = timezone.now()
        need.save()
        audit_log(
            actor=actor, action="sourcing.need_moderate", target=need, data={"approve": approve}
        )
        if approve:
            need_notify_matches(need=need)
    return need


def need_matches(need: Need):
    """Published profiles sharing a skill (or a sub-skill) with the need, in its area
    (same département or serving it) unless the need accepts remote work."""
    from guild.sourcing.selectors import matching_profiles

    return matching_profiles(need)


def need_notify_matches(*, need: Need) -> int:
    sent = 0
    for profile in need_matches(need):
        _link, created = NeedNotification.objects.get_or_create(need=need, profile=profile)
        to = profile_contact_email(profile)
        if created and to:
            email_queue(
                to=to,
                template="sourcing/email/need_matched",
                context={"need": need, "profile": profile},
                dedupe_key=f"sourcing-need-{need.pk}-profile-{profile.pk}",
                category="sourcing",
            )
            sent += 1
    return sent


def need_respond(*, actor, need: Need, message: str) -> NeedResponse:
    profile = profile_for_user(actor)
    if profile is None or not is_member(actor):
        raise SourcingError(_("Only members with a directory profile can answer a need."))
    if need.status != Need.Status.PUBLISHED:
        raise SourcingError(_("This need is not open for answers."))
    if need.deadline and need.deadline < timezone.localdate():
        raise SourcingError(_("The deadline for this need has passed."))
    if not message.strip():
        raise SourcingError(_("Write a short message to the poster."))
    with transaction.atomic():
        if NeedResponse.objects.filter(need=need, profile=profile).exists():
            raise SourcingError(_("You have already answered this need."))
        response = NeedResponse.objects.create(
            need=need, profile=profile, author=actor, message=message.strip()
        )
        email_queue(
            to=need.company_email,
            template="sourcing/email/need_answered",
            context={"need": need, "response": response},
            dedupe_key=f"sourcing-need-answer-{response.pk}",
            category="sourcing",
        )
    return response


def can_follow_need(user, need: Need) -> bool:
    return need.posted_by_id == user.pk or is_staff(user)


def need_pick(*, actor, need: Need, response: NeedResponse) -> NeedResponse:
    if not can_follow_need(actor, need):
        raise SourcingError(_("Only the poster can pick an answer."))
    if response.need_id != need.pk:
        raise SourcingError(_("This answer belongs to another need."))
    with transaction.atomic():
        NeedResponse.objects.filter(need=need).update(picked=False)
        NeedResponse.objects.filter(pk=response.pk).update(picked=True)
        audit_log(
            actor=actor, action="sourcing.need_pick", target=need, data={"response": response.pk}
        )
    response.picked = True
    return response


def need_close(*, actor, need: Need, outcome: str) -> Need:
    if not can_follow_need(actor, need):
        raise SourcingError(_("Only the poster or staff can close a need."))
    if outcome not in {o.value for o in Need.Outcome} - {""}:
        raise SourcingError(_("Choose an outcome."))
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        if need.status != Need.Status.PUBLISHED:
            raise SourcingError(_("Only a published need can be closed."))
        need.status, need.outcome = Need.Status.CLOSED, outcome
        need.save(update_fields=["status", "outcome"])
        audit_log(actor=actor, action="sourcing.need_close", target=need, data={"outcome": outcome})
    return need


# --- introductions -------------------------------------------------------------------------


def introduction_request(*, actor, profile: Profile, message: str, now=None) -> Introduction:
    now = now or timezone.now()
    if not (is_member(actor) or is_staff(actor)):
        raise SourcingError(_("Introductions are reserved to members of the association."))
    if can_edit_profile(actor, profile) and not is_staff(actor):
        raise SourcingError(_("This is your own profile."))
    if not message.strip():
        raise SourcingError(_("Say in a few words why you would like to get in touch."))
    with transaction.atomic():
        recent = Introduction.objects.filter(
            sender=actor, created_at__gte=now - timedelta(days=1)
        ).count()
        if recent >= INTRODUCTIONS_PER_DAY:
            raise SourcingError(
                _(
                    "You have sent %(n)d contact requests in the last 24 hours, the maximum. "
                    "Please try again tomorrow."
                )
                % {"n": recent}
            )
        if Introduction.objects.filter(
            sender=actor, profile=profile, status=Introduction.Status.PENDING
        ).exists():
            raise SourcingError(_("A request to this member is already waiting for an answer."))
        intro = Introduction.objects.create(
            sender=actor, profile=profile, message=message.strip(), created_at=now
        )
        to = profile_contact_email(profile)
        if to:
            email_queue(
                to=to,
                template="sourcing/email/introduction_requested",
                context={"intro": intro},
                dedupe_key=f"sourcing-intro-{intro.pk}",
                category="sourcing",
            )
    return intro


def introduction_answer(*, actor, intro: Introduction, accept: bool) -> Introduction:
    if not can_edit_profile(actor, intro.profile):
        raise SourcingError(_("Only the member contacted can answer."))
    with transaction.atomic():
        intro = Introduction.objects.select_for_update().get(pk=intro.pk)
        if intro.status != Introduction.Status.PENDING:
            raise SourcingError(_("This request has already been answered."))
        intro.status = Introduction.Status.ACCEPTED if accept else Introduction.Status.DECLINED
        intro.answered_at = timezone.now()
        intro.save(update_fields=["status", "answered_at"])
        email_queue(
            to=intro.sender.email,
            template="sourcing/email/introduction_answered",
            context={
                "intro": intro,
                "contact": profile_contact_email(intro.profile) if accept else "",
            },
            dedupe_key=f"sourcing-intro-answer-{intro.pk}",
            category="sourcing",
        )
    return intro
