"""Every list of the API costs the same number of queries at 1 row and at 50 (one cursor page)."""

import pytest
from django.urls import reverse

from coordination.models import ApiToken
from tests.factories import BodyFactory, FollowUpFactory
from tests.voters.factories import PetitionFactory, RoundFactory

BOUND = 12  # token lookup + last_used + use log + door (memberships) + rows + subject visibility


@pytest.mark.parametrize("rows", [1, 50])
def test_petitions_and_followups_lists_at_1_and_50_rows(rows, bearer, staff_a, province, land,
                                                        django_assert_max_num_queries):
    round_ = RoundFactory(unit=province.unit, organiser=province.front)
    for _ in range(rows):
        PetitionFactory(round=round_, agency=province.agency, field=land)
        FollowUpFactory(lead_body=province.standing)
        BodyFactory(unit=province.unit)
    client = bearer(staff_a, ApiToken.Scope.READ)
    for name in ("api:petition-list", "api:followup-list", "api:body-list", "api:unit-list"):
        with django_assert_max_num_queries(BOUND):
            response = client.get(reverse(name))
        assert response.status_code == 200
    assert len(client.get(reverse("api:petition-list")).json()["results"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_regulations_sessions_submissions_lists_at_1_and_50_rows(rows, bearer, staff_a, province,
                                                                django_assert_max_num_queries):
    from regulations.models import Regulation
    from tests.sessions.factories import SessionFactory, SubmissionFactory

    for n in range(rows):
        Regulation.objects.create(number=f"{n + 1}/QCPH", title=f"Quy chế số {n}", unit=province.unit)
        session = SessionFactory(term=province.term, council=province.standing.parent)
        SubmissionFactory(session=session, presenting_body=province.committee)
    client = bearer(staff_a, ApiToken.Scope.READ)
    for name in ("api:regulation-list", "api:session-list", "api:submission-list"):
        with django_assert_max_num_queries(BOUND):
            response = client.get(reverse(name))
        assert len(response.json()["results"]) == rows
