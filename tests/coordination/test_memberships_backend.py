"""Every page's signed-in user comes with their memberships, read in the same query (issue #16: one round trip
fewer on every page; an empty search was mostly the site's fixed cost)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import BodyKind, Role
from coordination.permissions import Access, MembershipsBackend, access_for
from tests.factories import PASSWORD, BodyFactory, MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _read_anew(user):
    """The user as the next request's ``get_user`` reads them, and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        found = MembershipsBackend().get_user(user.pk)
        access = access_for(found) if found else None
    return found, access, len(queries)


def test_the_user_and_every_membership_come_in_one_query():
    with_council, without = UnitFactory(), UnitFactory()
    BodyFactory(unit=with_council, kind=BodyKind.COUNCIL)
    secretariat = BodyFactory(unit=with_council, kind=BodyKind.COUNCIL_STANDING)
    agency = BodyFactory(unit=without, kind=BodyKind.AGENCY)
    user = UserFactory()
    MembershipFactory(user=user, body=secretariat, role=Role.STAFF)
    MembershipFactory(user=user, body=agency, role=Role.LEADER)

    found, access, queries = _read_anew(user)

    assert queries == 1
    assert found == user and found.username == user.username and found.check_password(PASSWORD)
    # The same Access the door would have read with a query of its own.
    assert access == Access.of(
        user,
        [
            (secretariat.pk, Role.STAFF, with_council.pk, BodyKind.COUNCIL_STANDING, True),
            (agency.pk, Role.LEADER, without.pk, BodyKind.AGENCY, False),
        ],
    )


def test_a_user_without_memberships_sees_nothing_and_an_unknown_or_inactive_one_is_nobody():
    lone = UserFactory()
    found, access, queries = _read_anew(lone)
    assert found == lone and access == Access(is_superuser=False) and queries == 1
    assert MembershipsBackend().get_user(10**9) is None
    blocked = UserFactory(is_active=False)
    MembershipFactory(user=blocked)
    assert MembershipsBackend().get_user(blocked.pk) is None


def test_a_signed_in_page_asks_for_the_memberships_no_more(client):
    user = UserFactory()
    MembershipFactory(user=user, body=BodyFactory(kind=BodyKind.COUNCIL_STANDING), role=Role.STAFF)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("council_sessions:session_list")).status_code == 200
    assert not [q for q in queries if q["sql"].startswith('SELECT "coordination_membership"')]
    user_reads = [q for q in queries if 'FROM "auth_user"' in q["sql"]]
    assert len(user_reads) == 1 and 'JOIN "coordination_membership"' in user_reads[0]["sql"]
