from guild.api.services import api_token_create


def test_technical_admin_pages(client, make_user):
    root = make_user(is_staff=True, is_superuser=True)
    person = make_user("board")
    token, _raw = api_token_create(actor=person, name="Script", scopes=["read"])
    client.force_login(root)
    for url in [
        "/django-admin/accounts/user/",
        f"/django-admin/accounts/user/{person.pk}/change/",
        "/django-admin/api/apitoken/",
        f"/django-admin/api/apitoken/{token.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/django-admin/api/apitoken/add/").status_code == 403
