"""A voter-contact round tied to a Council session of its own unit; the per-session results report reads that
link."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from coordination.models import GeneratedReport
from tests.sessions.factories import SessionFactory
from tests.url_coverage import covers
from tests.voters.factories import PetitionFactory, RoundFactory
from voters import services
from voters.models import VoterContactRound

pytestmark = pytest.mark.django_db

link_migration = importlib.import_module("voters.migrations.0007_link_rounds_to_sessions")


@pytest.fixture
def session(province):
    return SessionFactory(
        council=province.standing.parent, term=province.term, number=4, planned_open=date(2026, 12, 8)
    )


def _round_data(province, today, **extra):
    return {
        "title": "Đợt trước kỳ họp thứ tư",
        "timing": "before",
        "kind": "general",
        "organiser": province.front.pk,
        "starts_on": (today - timedelta(days=5)).isoformat(),
        "ends_on": today.isoformat(),
        **extra,
    }


@covers("voters:round_create", "voters:round_detail")
class TestRoundForm:
    def test_the_form_offers_the_units_sessions_and_the_round_shows_its_session(
        self, login, front_staff, province, other_province, session, today
    ):
        elsewhere = SessionFactory(council=other_province.standing.parent, term=other_province.term, number=9)
        client = login(front_staff)
        html = client.get(reverse("voters:round_create")).content.decode()
        assert f'value="{session.pk}"' in html and f'value="{elsewhere.pk}"' not in html
        client.post(reverse("voters:round_create"), _round_data(province, today, council_session=session.pk))
        round_ = VoterContactRound.objects.get()
        assert round_.council_session == session
        assert (
            f"Kỳ họp thứ 4 (thường lệ) — {province.standing.parent}"
            in client.get(round_.get_absolute_url()).content.decode()
        )

    def test_a_session_of_another_unit_is_refused_naming_the_field(
        self, login, front_staff, province, other_province, today
    ):
        elsewhere = SessionFactory(council=other_province.standing.parent, term=other_province.term, number=9)
        response = login(front_staff).post(
            reverse("voters:round_create"), _round_data(province, today, council_session=elsewhere.pk)
        )
        html = response.content.decode()
        assert "Kỳ họp HĐND: «Kỳ họp thứ 9" in html and f"là kỳ họp của {other_province.unit}" in html
        assert not VoterContactRound.objects.exists()

    def test_the_admin_refuses_it_too(self, login, superuser, province, other_province):
        elsewhere = SessionFactory(council=other_province.standing.parent, term=other_province.term, number=9)
        round_ = RoundFactory(organiser=province.front)
        data = {
            "unit": province.unit.pk,
            "title": round_.title,
            "timing": round_.timing,
            "kind": round_.kind,
            "organiser": province.front.pk,
            "council_session": elsewhere.pk,
            "session_label": "",
            "na_session_number": "",
            "starts_on": round_.starts_on.isoformat(),
            "ends_on": round_.ends_on.isoformat(),
            "compiled_at_0": "",
            "compiled_at_1": "",
        }
        response = login(superuser).post(
            reverse("admin:voters_votercontactround_change", args=[round_.pk]), data
        )
        assert response.status_code == 200 and "Kỳ họp HĐND: «Kỳ họp thứ 9" in response.content.decode()
        round_.refresh_from_db()
        assert round_.council_session is None


@covers("voters:results", "voters:results_pdf")
class TestResultsBySession:
    def test_the_report_counts_the_rounds_linked_to_the_session_only(
        self, login, staff_a, province, session, committed
    ):
        linked = RoundFactory(organiser=province.front, council_session=session, session_label="")
        # Same words as the session, but not linked: a label is only shown, never used to count.
        label_only = RoundFactory(organiser=province.front, session_label="Kỳ họp thứ 4")
        PetitionFactory.create_batch(2, round=linked)
        PetitionFactory(round=label_only)
        client = login(staff_a)
        response = client.get(reverse("voters:results"), {"session": session.pk})
        assert response.context["summary"].total == 2 and response.context["label"] == str(session)
        assert f'<option value="{session.pk}" selected>' in response.content.decode()
        with committed():
            client.post(reverse("voters:results_pdf") + f"?session={session.pk}")
        report = GeneratedReport.objects.get()
        assert report.status == "done", report.error
        assert report.title.endswith(str(session)) and report.file.read().startswith(b"%PDF")

    def test_outsiders_cannot_report_on_a_session_of_another_province(self, login, outsider, session):
        client = login(outsider)
        assert client.get(reverse("voters:results"), {"session": session.pk}).status_code == 404
        assert client.post(reverse("voters:results_pdf") + f"?session={session.pk}").status_code == 404
        assert not GeneratedReport.objects.exists()


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("Kỳ họp thứ 3", 3),
        ("Kỳ họp thứ hai, HĐND tỉnh khóa XI", 2),
        ("kỳ họp thứ tư", 4),
        ("Kỳ họp thứ mười lăm", 15),
        ("Kỳ họp thứ hai mươi mốt", 21),
        ("Kỳ họp thứ mười", 10),
        ("Kỳ họp chuyên đề", None),
        ("", None),
    ],
)
def test_the_migration_reads_the_session_number_in_figures_or_words(label, number):
    assert link_migration.session_number(label) == number


def test_the_migration_links_rounds_whose_label_names_a_session_of_their_unit(province, other_province):
    term = province.term
    second = SessionFactory(council=province.standing.parent, term=term, number=2)
    SessionFactory(council=other_province.standing.parent, term=other_province.term, number=5)
    starts = date(term.start_year, 6, 1)
    matched = RoundFactory(
        organiser=province.front, session_label="Kỳ họp thứ hai, HĐND tỉnh", starts_on=starts, ends_on=starts
    )
    no_session = RoundFactory(
        organiser=province.front, session_label="Kỳ họp thứ 5", starts_on=starts, ends_on=starts
    )
    no_number = RoundFactory(
        organiser=province.front, session_label="Kỳ họp bất thường", starts_on=starts, ends_on=starts
    )
    link_migration.link_rounds(apps, None)
    for round_ in (matched, no_session, no_number):
        round_.refresh_from_db()
    assert matched.council_session == second and matched.session_display.startswith(
        "Kỳ họp thứ 2 (thường lệ)"
    )
    assert no_session.council_session is None and no_session.session_display == "Kỳ họp thứ 5"
    assert no_number.council_session is None and no_number.session_label == "Kỳ họp bất thường"


def test_a_round_before_the_terms_election_is_not_linked_to_the_new_terms_session(province):
    term = province.term
    term.elected_on = date(term.start_year, 3, 15)
    term.save()
    SessionFactory(council=province.standing.parent, term=term, number=1)
    early = RoundFactory(
        organiser=province.front,
        session_label="Kỳ họp thứ nhất",
        starts_on=date(term.start_year, 1, 5),
        ends_on=date(term.start_year, 1, 9),
    )
    link_migration.link_rounds(apps, None)
    early.refresh_from_db()
    assert early.council_session is None


def test_the_service_refuses_a_session_of_another_unit(province, other_province, today):
    from django.core.exceptions import ValidationError

    elsewhere = SessionFactory(council=other_province.standing.parent, term=other_province.term, number=9)
    with pytest.raises(ValidationError) as refused:
        services.round_create(
            organiser=province.front,
            title="Đợt",
            timing="before",
            kind="general",
            starts_on=today,
            ends_on=today,
            council_session=elsewhere,
        )
    assert "council_session" in refused.value.error_dict
    assert not VoterContactRound.objects.exists()
