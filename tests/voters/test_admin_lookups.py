"""No admin page answers a question about a secret (issue #10, finding 1).

`/admin/voters/denounceridentity/?full_name__startswith=P` showed 1 row and `…=X` 0: a few hundred
requests recovered the denouncer's name, address and phone. Every lookup form the admin accepts, on
every registered admin and every path that reaches a confidential field, is refused — superuser included.
"""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from coordination.confidential import check_admin_confidentiality, reaches_secret, secret_fields
from tests.voters.test_letters import IDENTITY, _leaks
from voters import services
from voters.models import DenouncerIdentity

pytestmark = pytest.mark.django_db

# Every lookup and transform spelling Django's ORM (and so the admin's changelist) accepts.
SUFFIXES = [
    "",
    "__exact",
    "__iexact",
    "__contains",
    "__icontains",
    "__startswith",
    "__istartswith",
    "__endswith",
    "__iendswith",
    "__regex",
    "__iregex",
    "__in",
    "__gt",
    "__gte",
    "__lt",
    "__lte",
    "__range",
    "__isnull",
    "__lower__startswith",
    "__upper__exact",
    "__length__gt",
    "__unaccent__icontains",
    "__search",
    "__trigram_similar",
    "__year",
    "__date",
    "__nonexistent",
]


@pytest.fixture
def denunciation(province, staff_a, today):
    return services.letter_register(
        handling_body=province.standing,
        number="02/ĐT",
        received_on=today - timedelta(days=3),
        channel="post",
        kind="denunciation",
        content="Tố cáo cán bộ địa chính",
        identity=IDENTITY,
        handler=staff_a,
    )


def _page(response) -> str:
    """The page without its CSRF tokens (new in every response) and the language form's echo of the
    address."""
    return re.sub(
        r"(csrfmiddlewaretoken\" value=\"|X-CSRFToken\": \"|name=\"next\" type=\"hidden\" value=\")[^\"]+",
        "",
        response.content.decode(),
    )


def _secret_paths(model, depth: int = 2, prefix: str = "", seen=()):
    """Every lookup path from ``model`` that ends on a secret field, following relations ``depth`` hops."""
    for name in secret_fields(model):
        yield prefix + name
    if depth == 0:
        return
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if not field.is_relation or related is None or related in seen:
            continue
        yield from _secret_paths(
            related, depth - 1, f"{prefix}{field.name}__", (*seen, model)
        )  # a reverse one: its query name


def _all_secret_lookups():
    for model, model_admin in admin.site._registry.items():
        for path in sorted(set(_secret_paths(model))):
            yield model, model_admin, path


def test_the_admin_configuration_names_no_secret():
    assert check_admin_confidentiality() == []


def test_no_registered_admin_allows_a_lookup_that_reaches_a_secret(rf, superuser):
    request = rf.get("/")
    request.user = superuser
    checked = 0
    for model, model_admin, path in _all_secret_lookups():
        for suffix in SUFFIXES:
            assert not model_admin.lookup_allowed(path + suffix, "P", request), (
                model._meta.label,
                path + suffix,
            )
            checked += 1
    assert checked > 500  # identities, access logs, letters, every model reaching a user's password…


def test_the_identity_changelist_is_no_oracle(login, superuser, denunciation):
    """The finding itself: the same answer whether the guess is right or wrong, for every lookup form."""
    client = login(superuser)
    url = reverse("admin:voters_denounceridentity_changelist")
    assert client.get(url).status_code == 200  # the list itself is visible: it shows only the letter
    for field in DenouncerIdentity.confidential_fields:
        for suffix in SUFFIXES:
            right = client.get(url, {f"{field}{suffix}": IDENTITY[field][:1]})
            wrong = client.get(url, {f"{field}{suffix}": "X"})
            assert right.status_code == wrong.status_code == 400, (field, suffix, right.status_code)
            assert _page(right) == _page(wrong)
    for params in (
        {"o": "1"},
        {"o": "-2"},
        {"q": "Phạm"},
        {"_facets": "1"},
        {"letter__kind": "denunciation"},
    ):
        page = client.get(url, params)
        assert page.status_code == 200 and not _leaks(page.content.decode()), params
    assert client.get(url, {"_to_field": "full_name", "_popup": "1"}).status_code == 400


def test_no_other_admin_page_reaches_it_through_a_relation(login, superuser, denunciation):
    client = login(superuser)
    for model, _model_admin, path in _all_secret_lookups():
        if "identity" not in path and model is not DenouncerIdentity:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        right = client.get(url, {f"{path}__startswith": "P"})
        wrong = client.get(url, {f"{path}__startswith": "X"})
        assert right.status_code == wrong.status_code == 400, (model._meta.label, path, right.status_code)


def test_history_delete_view_on_site_and_autocomplete_reveal_nothing(login, superuser, denunciation):
    client = login(superuser)
    identity = denunciation.identity
    for name in ("change", "history", "delete"):
        assert (
            client.get(reverse(f"admin:voters_denounceridentity_{name}", args=[identity.pk])).status_code
            == 403
        )
    content_type = ContentType.objects.get_for_model(DenouncerIdentity)
    assert client.get(reverse("admin:view_on_site", args=[content_type.pk, identity.pk])).status_code == 404
    letter_delete = client.get(reverse("admin:voters_letter_delete", args=[denunciation.pk]))
    assert letter_delete.status_code == 200 and not _leaks(letter_delete.content.decode())
    autocomplete = reverse("admin:autocomplete")
    answers = [
        client.get(
            autocomplete,
            {
                "app_label": "voters",
                "model_name": "identityaccesslog",
                "field_name": "identity",
                "term": term,
            },
        )
        for term in ("Phạm", "Xyz")
    ]
    assert all(not _leaks(a.content.decode()) for a in answers)
    assert _page(answers[0]) == _page(answers[1])


def test_reaches_secret_follows_relations_and_stops_at_transforms():
    from voters.models import IdentityAccessLog, Letter

    assert reaches_secret(Letter, "identity__full_name__istartswith")
    assert reaches_secret(IdentityAccessLog, "identity__letter__identity__contact")
    assert reaches_secret(IdentityAccessLog, "user__password__startswith")
    assert not reaches_secret(IdentityAccessLog, "identity__letter__number__startswith")
    assert not reaches_secret(DenouncerIdentity, "letter__kind")
