import pytest
URLS_ANON = ["/auth/login/", "/auth/signup/", "/auth/password/reset/", "/auth/confirm-email/", "/auth/password/reset/key/done/"]
URLS_AUTH = ["/account/", "/account/delete/", "/auth/email/", "/auth/password/change/", "/auth/2fa/", "/auth/2fa/totp/activate/", "/auth/2fa/webauthn/add/", "/auth/2fa/recovery-codes/generate/", "/auth/logout/", "/manage/roles/"]
@pytest.mark.parametrize("url", URLS_ANON)
def test_anon(client, url, db):
    r = client.get(url)
    assert r.status_code in (200, 302), r.status_code
@pytest.mark.parametrize("url", URLS_AUTH)
def test_auth(client, admin_user, url):
    client.force_login(admin_user)
    r = client.get(url)
    print(url, r.status_code, r.get("Location"))
    assert r.status_code in (200, 302)
