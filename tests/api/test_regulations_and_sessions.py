"""Regulations (with their outline), sessions and submissions through their doors, read only."""

from django.urls import reverse

from coordination.models import ApiToken
from tests.regulations.factories import draft_text, import_text
from tests.sessions.factories import SessionFactory, SubmissionFactory
from tests.url_coverage import covers

READ = ApiToken.Scope.READ


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@covers("api:regulation-list", "api:regulation-detail")
def test_regulations_with_their_outline(bearer, staff_a, viewer, outsider, province):
    regulation = import_text(draft_text(articles=2), province.unit, by=staff_a)
    assert ids(bearer(viewer, READ).get(reverse("api:regulation-list"))) == [regulation.pk]
    assert ids(bearer(outsider).get(reverse("api:regulation-list"))) == []
    response = bearer(viewer, READ).get(reverse("api:regulation-detail", args=[regulation.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "5/QCPH-TTHĐND-UBND"
    assert [c["number"] for c in body["chapters"]] == ["I"]
    assert [a["number"] for a in body["articles"]] == ["1", "2"]
    assert body["articles"][0]["chapter"] == "I"
    assert "chậm nhất 6 ngày" in body["articles"][0]["clauses"][0]["text"]
    assert bearer(outsider).get(reverse("api:regulation-detail", args=[regulation.pk])).status_code == 404
    assert bearer(viewer).post(reverse("api:regulation-list"), {}).status_code == 405


@covers("api:session-list", "api:session-detail", "api:submission-list", "api:submission-detail")
def test_sessions_and_submissions(bearer, viewer, outsider, province, other_province):
    session = SessionFactory(term=province.term, council=province.standing.parent)
    elsewhere = SessionFactory(term=other_province.term, council=other_province.standing.parent)
    submission = SubmissionFactory(session=session, presenting_body=province.committee)
    SubmissionFactory(session=elsewhere, presenting_body=other_province.committee)
    client = bearer(viewer, READ)
    assert ids(client.get(reverse("api:session-list"))) == [session.pk]
    assert client.get(reverse("api:session-detail", args=[session.pk])).json()["number"] == session.number
    assert bearer(outsider).get(reverse("api:session-detail", args=[session.pk])).status_code == 404
    assert ids(client.get(reverse("api:submission-list"), {"session": session.pk})) == [submission.pk]
    assert ids(client.get(reverse("api:submission-list"), {"session": elsewhere.pk})) == []
    detail = reverse("api:submission-detail", args=[submission.pk])
    assert client.get(detail).json()["title"] == submission.title
    assert bearer(outsider).get(detail).status_code == 404
