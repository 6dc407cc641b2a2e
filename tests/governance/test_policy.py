from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from guild.core.models import AuditEntry
from guild.governance.models import BylawsPolicy
from guild.governance.selectors import current_policy
from guild.governance.services import policy_create_version

pytestmark = pytest.mark.django_db


def test_defaults_apply_before_any_version():
    policy = current_policy()
    assert policy.pk is None
    assert policy.public_money_ceiling_percent == Decimal("30")
    assert policy.rule("bylaws")["majority"] == "two_thirds"


def test_new_version_is_logged_and_takes_effect_on_its_date(admin_user):
    first = policy_create_version(
        actor=admin_user, data={"max_proxies": 3}, effective_from=date.today(), note="v1"
    )
    later = policy_create_version(
        actor=admin_user,
        data={"max_proxies": 1},
        effective_from=date.today() + timedelta(days=10),
        note="v2",
    )
    assert (first.version, later.version) == (1, 2)
    assert current_policy().pk == first.pk
    assert current_policy(date.today() + timedelta(days=10)).pk == later.pk
    entry = AuditEntry.objects.filter(action="governance.policy_version").first()
    assert entry.data["changes"]["max_proxies"] == ["3", "1"]
    assert first.max_proxies == 3  # versions are never edited


def test_only_administrators_change_the_policy(staff_user):
    with pytest.raises(PermissionDenied):
        policy_create_version(actor=staff_user, data={}, effective_from=date.today())
    assert not BylawsPolicy.objects.exists()


@pytest.mark.parametrize(
    "rules",
    [
        {"bylaws": {"majority": "", "quorum_first": "50", "quorum_second": "25"}},
        {"exclusion": {"majority": "whatever"}},
        {"ordinary": {"majority": "simple", "quorum_first": "150"}},
    ],
)
def test_a_decision_type_without_a_majority_rule_is_refused(admin_user, rules):
    with pytest.raises(ValidationError) as exc:
        policy_create_version(
            actor=admin_user, data={"decision_rules": rules}, effective_from=date.today()
        )
    assert "décision" in str(exc.value) or "quorum" in str(exc.value)
    assert not BylawsPolicy.objects.exists()


def test_political_reasons_cannot_be_configured(admin_user):
    with pytest.raises(ValidationError) as exc:
        policy_create_version(
            actor=admin_user,
            data={"refusal_reasons": ["Dossier incomplet", "Engagement syndical du candidat"]},
            effective_from=date.today(),
        )
    assert "syndicale" in str(exc.value)


def test_other_validations(admin_user):
    with pytest.raises(ValidationError):
        policy_create_version(
            actor=admin_user, data={"sponsors_required": 0}, effective_from=date.today()
        )
    with pytest.raises(ValidationError):
        policy_create_version(
            actor=admin_user, data={"group_vote_cap_percent": 0}, effective_from=date.today()
        )
    policy_create_version(actor=admin_user, data={}, effective_from=date.today())
    with pytest.raises(ValidationError) as exc:
        policy_create_version(
            actor=admin_user, data={}, effective_from=date.today() - timedelta(days=1)
        )
    assert "passé" in str(exc.value)


def test_policy_pages(admin_user, client_for, staff_user, client):
    client = client_for(admin_user)
    assert client.get("/manage/governance/policy/").status_code == 200
    response = client.get("/manage/governance/policy/new/")
    assert response.status_code == 200
    form = response.context["form"]
    data = {
        name: field.initial if field.initial is not None else ""
        for name, field in form.fields.items()
    }
    data.update({k: v for k, v in form.initial.items() if k in data and v is not None})
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    data["effective_from"] = date.today().isoformat()
    data["max_proxies"] = "4"
    data["rule_dissolution_majority"] = ""
    response = client.post("/manage/governance/policy/new/", data)
    assert response.status_code == 200
    assert (
        "n’a pas de règle de majorité" in response.content.decode()
        or "règle de majorité" in response.content.decode()
    )
    data["rule_dissolution_majority"] = "two_thirds"
    response = client.post("/manage/governance/policy/new/", data)
    assert response.status_code == 302
    assert current_policy().max_proxies == 4
    client.force_login(staff_user)
    assert client.get("/manage/governance/policy/new/").status_code == 403
