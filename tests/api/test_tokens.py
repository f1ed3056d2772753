"""Personal API tokens: the page that makes, renames, rotates and revokes them; what a token lets in."""

import hashlib
from datetime import timedelta

import time_machine
from django.urls import reverse

from coordination.models import ApiToken
from tests.url_coverage import covers


def _secret_on(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="secret"')
    value = html.rfind('value="', 0, start)
    return html[value + 7: html.index('"', value + 7)]


def _api(client, secret):
    return client.get(reverse("api:unit-list"), headers={"Authorization": f"Bearer {secret}"})


@covers("api_tokens")
def test_a_user_makes_a_token_and_sees_its_secret_once(login, staff_a, client, province):
    page = login(staff_a)
    assert page.get(reverse("api_tokens")).status_code == 200
    assert "Khóa truy cập API" in page.get(reverse("home")).content.decode()  # in the user menu
    response = page.post(
        reverse("api_tokens"), {"name": "Phần mềm văn bản", "scope": "read", "expires_on": ""}, follow=True
    )
    assert response.status_code == 200
    secret = _secret_on(response)
    assert secret.startswith("ph_") and len(secret) > 40
    token = ApiToken.objects.get(user=staff_a)
    assert (token.name, token.scope, token.prefix) == ("Phần mềm văn bản", "read", secret[:11])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(token, f.attname) for f in ApiToken._meta.fields if f.attname != "id"}
    again = page.get(reverse("api_tokens")).content.decode()
    assert secret not in again and token.prefix in again  # shown once, then only its prefix
    client.logout()
    assert _api(client, secret).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_bad_token_form_names_the_field_and_saves_nothing(login, staff_a, today):
    page = login(staff_a)
    response = page.post(reverse("api_tokens"), {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert "Tên khóa" in response.content.decode()
    past = (today - timedelta(days=1)).strftime("%d/%m/%Y")
    response = page.post(reverse("api_tokens"), {"name": "Cũ", "scope": "read", "expires_on": past})
    assert response.status_code == 400
    assert "Ngày hết hạn: không được trước hôm nay." in response.content.decode()
    assert not ApiToken.objects.exists()


@covers("api_token_rename", "api_token_rotate", "api_token_revoke")
def test_only_the_owner_renames_rotates_and_revokes(login, bearer, staff_a, staff_b, client):
    mine = bearer(staff_a)
    token = mine.token
    for name in ("api_token_rename", "api_token_rotate", "api_token_revoke"):
        url = reverse(name, args=[token.pk])
        assert login(staff_b).post(url, {"name": "Của tôi"}).status_code == 404
        assert login(staff_a).get(url).status_code == 405
    client.logout()
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None
    page = login(staff_a)
    page.post(reverse("api_token_rename", args=[token.pk]), {"name": "Cổng thông tin"})
    token.refresh_from_db()
    assert token.name == "Cổng thông tin"
    rotated = page.post(reverse("api_token_rotate", args=[token.pk]), follow=True)
    new_secret = _secret_on(rotated)
    client.logout()
    old = _api(client, mine.secret)
    assert old.status_code == 401 and old.json() == {"detail": "Khóa truy cập API không hợp lệ."}
    assert _api(client, new_secret).status_code == 200
    login(staff_a).post(reverse("api_token_revoke", args=[token.pk]))
    client.logout()
    revoked = _api(client, new_secret)
    assert revoked.status_code == 401
    assert revoked.json() == {"detail": "Khóa truy cập API này đã bị thu hồi."}
    assert revoked["WWW-Authenticate"] == "Bearer"


def test_an_expired_token_is_refused_in_vietnamese(bearer, staff_a, client, today):
    token_client = bearer(staff_a, expires_on=today + timedelta(days=1))
    assert _api(client, token_client.secret).status_code == 200
    with time_machine.travel(timezone_noon(today + timedelta(days=2)), tick=False):
        response = _api(client, token_client.secret)
    assert response.status_code == 401
    assert response.json() == {"detail": "Khóa truy cập API này đã hết hạn."}


def timezone_noon(day):
    from datetime import datetime, time

    from tests.conftest import LOCAL_TZ

    return datetime.combine(day, time(12), tzinfo=LOCAL_TZ)


def test_no_token_or_a_malformed_one(client, db):
    response = client.get(reverse("api:unit-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần khóa truy cập API: gửi tiêu đề «Authorization: Bearer <khóa>»."}
    response = client.get(reverse("api:unit-list"), headers={"Authorization": "Bearer a b"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Khóa truy cập API không đúng dạng: «Bearer <khóa>»."}


def test_a_deactivated_users_token_stops(bearer, staff_a, client):
    token_client = bearer(staff_a)
    staff_a.is_active = False
    staff_a.save()
    assert _api(client, token_client.secret).status_code == 401


@covers("api:schema", "api:docs", "api:redoc")
def test_the_schema_and_its_documentation_are_served_from_here(login, staff_a, client, bearer):
    assert client.get(reverse("api:schema")).status_code == 401
    schema = bearer(staff_a, ApiToken.Scope.READ).get(reverse("api:schema"))
    assert schema.status_code == 200 and b"/api/v1/petitions/" in schema.content
    docs = login(staff_a).get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs and "cdn" not in docs.lower()
    redoc = client.get(reverse("api:redoc")).content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in redoc


def test_the_admin_reads_tokens_and_their_uses_and_changes_nothing(login, superuser, bearer, staff_a):
    token_client = bearer(staff_a)
    token_client.get(reverse("api:unit-list"))
    admin = login(superuser)
    uses = admin.get(reverse("admin:coordination_apitokenuse_changelist")).content.decode()
    assert "/api/v1/units/" in uses and "staff_a" in uses
    tokens = admin.get(reverse("admin:coordination_apitoken_changelist")).content.decode()
    assert token_client.token.prefix in tokens and token_client.token.digest not in tokens
    assert admin.get(reverse("admin:coordination_apitokenuse_add")).status_code == 403
    assert admin.get(reverse("admin:coordination_apitoken_change", args=[token_client.token.pk])
                     ).content.decode().count(token_client.token.digest) == 0
