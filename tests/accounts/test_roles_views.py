import pytest
from django.urls import reverse

from guild.accounts.models import Role, RoleGrant
from guild.core.models import AuditEntry
from guild.core.navigation import manage_sections

ROLES = "/manage/roles/"


def test_roles_page_is_for_administrators(client_for, staff_user, db):
    assert client_for(staff_user).get(ROLES).status_code == 403


def test_roles_page_needs_login(client, db):
    assert client.get(ROLES).status_code == 302


def test_roles_page_lists_people_and_roles(client_for, admin_user, make_user):
    make_user("treasurer", first_name="Paul", last_name="Valéry", email="paul@example.org")
    response = client_for(admin_user).get(ROLES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paul Valéry" in html
    assert "paul@example.org" in html


@pytest.mark.parametrize(
    ("query", "found", "hidden"),
    [
        ({"q": "valéry"}, "Paul Valéry", "Marie Curie"),
        ({"q": "marie@"}, "Marie Curie", "Paul Valéry"),
        ({"role": "treasurer"}, "Paul Valéry", "Marie Curie"),
        ({"role": "any"}, "Paul Valéry", "Marie Curie"),
    ],
)
def test_roles_search(client_for, admin_user, make_user, query, found, hidden):
    make_user("treasurer", first_name="Paul", last_name="Valéry", email="paul@example.org")
    make_user(first_name="Marie", last_name="Curie", email="marie@example.org")
    html = client_for(admin_user).get(ROLES, query).content.decode()
    assert found in html
    assert hidden not in html


def test_roles_list_query_count_is_flat(
    client_for, admin_user, make_user, django_assert_max_num_queries
):
    client = client_for(admin_user)
    for _ in range(3):
        make_user("staff")
    with django_assert_max_num_queries(30) as few:
        client.get(ROLES)
    for _ in range(27):
        make_user("board", "secretary")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(ROLES)


def test_grant_and_revoke_through_the_page(client_for, admin_user, user):
    client = client_for(admin_user)
    response = client.post(reverse("accounts:role_grant"), {"user": user.pk, "role": "board"})
    assert response.status_code == 302
    assert RoleGrant.objects.filter(user=user, role="board", revoked_at__isnull=True).exists()
    response = client.post(
        reverse("accounts:role_revoke"),
        {"user": user.pk, "role": "board", "next": ROLES + "?q=x"},
    )
    assert response["Location"] == ROLES + "?q=x"
    assert not RoleGrant.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "role.grant",
        "role.revoke",
    ]


def test_grant_refusal_shows_message(client_for, admin_user, user):
    client = client_for(admin_user)
    client.post(reverse("accounts:role_grant"), {"user": user.pk, "role": "board"})
    response = client.post(
        reverse("accounts:role_grant"), {"user": user.pk, "role": "board"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        "board" in m.lower() or "bureau" in m.lower() or "conseil" in m.lower() for m in messages
    )
    assert RoleGrant.objects.filter(user=user).count() == 1


def test_invalid_role_change_is_refused(client_for, admin_user, user):
    response = client_for(admin_user).post(
        reverse("accounts:role_grant"), {"user": user.pk, "role": ""}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["danger"] or [
        m.tags for m in response.context["messages"]
    ]
    assert not RoleGrant.objects.filter(user=user).exists()


def test_unsafe_next_is_ignored(client_for, admin_user, user):
    response = client_for(admin_user).post(
        reverse("accounts:role_grant"),
        {"user": user.pk, "role": "staff", "next": "https://evil.example/"},
    )
    assert response["Location"] == ROLES


def test_last_administrator_cannot_withdraw_own_role(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:role_revoke"),
        {"user": admin_user.pk, "role": Role.ADMINISTRATOR},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    assert "administrat" in messages[0]
    assert admin_user.has_role(Role.ADMINISTRATOR)


def test_role_change_needs_permission(client_for, staff_user, user):
    response = client_for(staff_user).post(
        reverse("accounts:role_grant"), {"user": user.pk, "role": "administrator"}
    )
    assert response.status_code == 403
    assert not RoleGrant.objects.filter(user=user).exists()


def test_roles_entry_in_back_office_nav(admin_user, staff_user):
    def labels(person):
        return [str(e.label) for _s, entries in manage_sections(person) for e in entries]

    assert any(label in {"Roles", "Rôles"} for label in labels(admin_user))
    assert not any(label in {"Roles", "Rôles"} for label in labels(staff_user))
