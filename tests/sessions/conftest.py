from datetime import date

import pytest

from coordination.models import Deputy, Position, Role
from tests.conftest import member
from tests.factories import DeputyFactory, PersonFactory
from tests.sessions.factories import SessionFactory


@pytest.fixture
def council(province):
    return province.standing.parent


@pytest.fixture
def session(province, council):
    return SessionFactory(term=province.term, council=council, number=8, planned_open=date(2026, 12, 8))


@pytest.fixture
def committee_staff(province):
    """Staff of a Council committee (Ban Pháp chế): verifies answers to recommendations."""
    return member(province.council_committee, Role.STAFF, "committee_staff")


@pytest.fixture
def deputy(province):
    return DeputyFactory(term=province.term, unit=province.unit, kind=Deputy.Kind.COUNCIL,
                         person=PersonFactory(full_name="Cao Thị Ngọc"))


@pytest.fixture
def elected(province):
    return Position.objects.create(person=PersonFactory(full_name="Lê Quang Minh"), body=province.committee,
                                   title="Chủ tịch UBND tỉnh", is_head=True, elected_by_council=True)


@pytest.fixture
def mission(province):
    from sessions import services

    return services.mission_create(
        kind="supervision",
        lead_body=province.standing,
        decision_number="45/QĐ-TTHĐND",
        decision_date=date(2026, 5, 4),
        subject="Giải quyết khiếu nại về đất đai",
        supervised_bodies=[province.agency],
        visit_start=date(2026, 6, 1),
        visit_end=date(2026, 6, 5),
        joint_bodies=[province.council_committee],
    )

