"""Shared fixtures: a province with its four bodies, and the personas every permission test uses.

Personas: ``staff_a`` (secretariat officer of the Council Standing Committee), ``staff_b`` (officer
of the People's Committee), ``front_staff`` (Fatherland Front), ``leader`` (leader of the Standing
Committee), ``agency_officer`` (an agency under the People's Committee), ``viewer`` (read-only),
``outsider`` (staff of a body in another province) and ``superuser``.
"""

import os
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from coordination.models import AdministrativeUnit, Body, BodyKind, Person, Role, Term
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)


def pytest_configure(config):
    """The two xdist workers of the PostgreSQL + Redis run share one Redis but not one database: both number
    their units and users from 1, so without a prefix of its own one worker would read (or drop) the other's
    cached dashboards."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        settings.CACHES["default"]["KEY_PREFIX"] = f"test-{worker}"


@dataclass
class Province:
    unit: AdministrativeUnit
    term: Term
    na_delegation: Body
    standing: Body
    committee: Body
    front: Body
    council_committee: Body
    agency: Body
    other_agency: Body
    bodies: dict = field(default_factory=dict)


def build_province(name: str) -> Province:
    unit = UnitFactory(name=name)
    council = BodyFactory(unit=unit, kind=BodyKind.COUNCIL, name=f"HĐND {name}", short_name="HĐND")
    committee = BodyFactory(
        unit=unit, kind=BodyKind.PEOPLES_COMMITTEE, name=f"UBND {name}", short_name="UBND"
    )
    return Province(
        unit=unit,
        term=TermFactory(unit=unit),
        na_delegation=BodyFactory(
            unit=unit, kind=BodyKind.NA_DELEGATION, name=f"Đoàn ĐBQH {name}", short_name="Đoàn ĐBQH"
        ),
        standing=BodyFactory(
            unit=unit,
            kind=BodyKind.COUNCIL_STANDING,
            name=f"Thường trực HĐND {name}",
            short_name="TT HĐND",
            parent=council,
        ),
        committee=committee,
        front=BodyFactory(
            unit=unit, kind=BodyKind.FRONT_BOARD, name=f"Ban Thường trực UBMTTQ {name}", short_name="MTTQ"
        ),
        council_committee=BodyFactory(
            unit=unit,
            kind=BodyKind.COUNCIL_COMMITTEE,
            name=f"Ban Pháp chế HĐND {name}",
            short_name="Ban Pháp chế",
            parent=council,
        ),
        agency=BodyFactory(
            unit=unit,
            kind=BodyKind.AGENCY,
            name=f"Sở Nông nghiệp và Môi trường {name}",
            short_name="Sở NN&MT",
            parent=committee,
        ),
        other_agency=BodyFactory(
            unit=unit, kind=BodyKind.AGENCY, name=f"Sở Xây dựng {name}", short_name="Sở XD", parent=committee
        ),
    )


def member(body: Body, role: str = Role.STAFF, username: str | None = None):
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, body=body, role=role)
    PersonFactory(full_name=f"{user.last_name} {user.first_name}", user=user, email=user.email)
    return user


LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True, scope="session")
def suite_clock():
    """The whole suite runs at the instant named by PHOIHOP_TEST_NOW (ISO 8601, e.g.
    ``2026-12-31T23:30+07:00``) when it is set — .ci/run uses it for the difficult instants — and at
    the real time otherwise. The clock keeps ticking from there, so timeouts and ordering still work."""
    instant = os.environ.get("PHOIHOP_TEST_NOW")
    if not instant:
        yield None
        return
    when = datetime.fromisoformat(instant)
    if when.tzinfo is None:
        when = when.replace(tzinfo=LOCAL_TZ)
    with time_machine.travel(when, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def today_of_the_story(request):
    """``@pytest.mark.today("2026-12-10")``: a test whose story has fixed dates (a session that opens on
    08/12/2026, a review sent on 04/12/2026) lives on that day, at 09:00 in Việt Nam, whatever the real
    clock or PHOIHOP_TEST_NOW says."""
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield None
        return
    day = datetime.fromisoformat(marker.args[0]).date()
    with time_machine.travel(datetime.combine(day, time(9), tzinfo=LOCAL_TZ), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def vietnamese_after_each_test():
    """A test that switched to English (a request with the language cookie activates it for the thread)
    leaves the next test in Vietnamese, the default, so messages compared outside a request do not
    depend on the order the tests ran in."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def eager_tasks(request):
    """Tasks run in-process in every test, also when REDIS_URL is set (the PostgreSQL + Redis run),
    except in tests marked ``integration``, which start a real worker and need the real broker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = "integration" not in request.keywords
    yield
    app.conf.task_always_eager = previous


def seed_reference_data() -> None:
    """What the data migrations seed; ensured again after a transactional test flushed the database."""
    from coordination.reference import reference_data_ensure
    from coordination.statutory_rules import statutory_rules_ensure
    from sessions.services import rating_thresholds_ensure
    from voters.reference import petition_fields_ensure

    reference_data_ensure()
    statutory_rules_ensure()
    rating_thresholds_ensure()
    petition_fields_ensure()


DATABASE_REACHED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def note_database_reached(request):
    """Set only when fixtures were set up, so a test skipped before them (no database yet) reseeds nothing."""
    request.node.stash[DATABASE_REACHED] = True


def flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(item.fixturenames) or (
        marker and marker.kwargs.get("transaction")
    )
    return bool(transactional) and item.stash.get(DATABASE_REACHED, False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, real worker) ends with a flush that also empties the tables
    the migrations seeded; later tests on the same database would find no levels, rules or fields.
    A hook, not a fixture: it runs after every fixture's teardown, so after the flush whichever way
    the test asked for the transactional database (a marker's flush comes after autouse fixtures). It seeds
    again when a teardown failed (an axe-core finding is raised there), or the next tests would fail too."""
    try:
        return (yield)
    finally:
        if nextitem is not None and flushes_database(item):  # after the last test the test database is gone
            with item.config.stash[blocking_manager_key].unblock():
                seed_reference_data()


@pytest.fixture
def province(db) -> Province:
    return build_province("Hòa Phong")


@pytest.fixture
def other_province(db) -> Province:
    return build_province("Lạng Giang")


@pytest.fixture
def staff_a(province):
    return member(province.standing, Role.STAFF, "staff_a")


@pytest.fixture
def staff_b(province):
    return member(province.committee, Role.STAFF, "staff_b")


@pytest.fixture
def front_staff(province):
    return member(province.front, Role.STAFF, "front_staff")


@pytest.fixture
def leader(province):
    return member(province.standing, Role.LEADER, "leader")


@pytest.fixture
def agency_officer(province):
    return member(province.agency, Role.STAFF, "agency_officer")


@pytest.fixture
def viewer(province):
    return member(province.standing, Role.VIEWER, "viewer")


@pytest.fixture
def outsider(other_province):
    return member(other_province.standing, Role.STAFF, "outsider")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.vn", "mat-khau-quan-tri-42")


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def person_of():
    def _person_of(user) -> Person:
        return Person.objects.get(user=user)

    return _person_of


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs the on-commit callbacks (task enqueues) as a real commit would.

    Tests run inside a transaction that never commits; services enqueue tasks with on_commit.
    """

    def _committed():
        return django_capture_on_commit_callbacks(execute=True)

    return _committed
