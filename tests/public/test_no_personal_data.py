"""The probe: on the demo, every public page, feed and download, searched for every name, address, email
and phone of a person the database holds (people, accounts, voters who raised opinions, citizens received,
denouncers) — not one may appear. It also checks that the demo's unpublished round stays out of sight."""

import html
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from coordination.models import Person
from regulations.models import Regulation
from tests.url_coverage import covers
from voters.models import DenouncerIdentity, Opinion, Petition, ReceptionVisit, VoterContactRound
from voters.queries import published_petitions, published_rounds

pytestmark = pytest.mark.django_db

SHORTEST = 5  # a shorter value ("Hà", a two-digit phone) would match words that name nobody


def personal_values() -> set[str]:
    values = set()
    for person in Person.objects.all():
        values.update([person.full_name, person.email, person.phone])
    for user in get_user_model().objects.all():
        values.update([user.get_full_name(), user.email])
    values.update(Opinion.objects.values_list("raised_by", flat=True))
    for visit in ReceptionVisit.objects.all():
        values.update([visit.citizens, visit.content[:60]])
    for identity in DenouncerIdentity.objects.all():
        values.update([identity.full_name, identity.address, identity.contact])
    return {v.strip() for v in values if v and len(v.strip()) >= SHORTEST}


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(raw.decode("utf-8", errors="replace"))


def public_urls() -> list[str]:
    urls = [reverse(name) for name in ("public:index", "public:petitions", "public:reception",
                                        "public:regulations", "public:feed_rss", "public:feed_atom",
                                        "public:data_csv", "public:data_json")]
    urls.append(reverse("public:petitions") + "?q=dat")
    for round_ in published_rounds():
        urls += [reverse("public:unit", args=[round_.unit_id]), reverse("public:round", args=[round_.pk])]
    for petition in published_petitions():
        urls.append(reverse("public:petition", args=[petition.round_id, petition.number]))
        if petition.answer_file:
            urls.append(reverse("public:petition_answer_file", args=[petition.round_id, petition.number]))
    for regulation in Regulation.objects.filter(status=Regulation.Status.IN_FORCE):
        urls.append(reverse("public:regulation", args=[regulation.pk]))
        if regulation.scanned_copy:
            urls.append(reverse("public:regulation_pdf", args=[regulation.pk]))
    return urls


def probe(client, urls, secrets) -> list[tuple[str, str]]:
    hits = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = body(response).casefold()
        hits += [(url, secret) for secret in secrets if secret.casefold() in text]
    return hits


@covers("public:index")
def test_no_public_page_feed_or_download_names_a_person(client, settings):
    settings.PUBLIC_RATE_LIMIT = 10_000
    call_command("load_demo", stdout=StringIO())
    assert published_rounds().count() == 1, "the demo publishes one round"
    secrets = personal_values()
    assert len(secrets) > 20  # the probe has something to look for
    urls = public_urls()
    assert len(urls) > 15
    assert probe(client, urls, secrets) == []

    # The probe would see a name: a voter's name typed into a published answer is found at once.
    voter = Opinion.objects.exclude(raised_by="").values_list("raised_by", flat=True).first()
    petition = published_petitions().filter(answered_on__isnull=False).first()
    Petition.objects.filter(pk=petition.pk).update(answer_text=f"Đã trả lời ông {voter}.")
    settings.PUBLIC_CACHE_SECONDS = 0
    page = reverse("public:petition", args=[petition.round_id, petition.number])
    assert (page, voter) in probe(client, [page], secrets)

    # The round the demo did not publish stays out of sight.
    hidden = VoterContactRound.objects.filter(results_published_at__isnull=True).first()
    assert hidden is not None
    assert client.get(reverse("public:round", args=[hidden.pk])).status_code == 404
    petition = Petition.objects.filter(round=hidden).first()
    url = reverse("public:petition", args=[petition.round_id, petition.number])
    assert client.get(url).status_code == 404
    assert hidden.title not in body(client.get(reverse("public:data_json")))
