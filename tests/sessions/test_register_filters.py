"""Each register's filters narrow the rows the way a person expects: what matches stays, the rest goes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from sessions import services
from sessions.models import RatingThreshold, Recommendation, StandingMeeting, SupervisionMission
from tests.factories import PersonFactory, PositionFactory
from tests.sessions.factories import (
    MeetingFactory,
    MissionFactory,
    RecommendationFactory,
    ResolutionFactory,
    SessionFactory,
)

# The story: session 8 opened on 08/12/2026; its questions and ratings are recorded by 10/12/2026.
pytestmark = pytest.mark.today("2026-12-10")


@pytest.fixture
def shown(login, staff_a):
    """The register's page for these filters, as text; and a check that exactly ``present`` of ``rows``
    show."""
    client = login(staff_a)

    def check(name, params, *, rows, present):
        html = client.get(reverse(f"council_sessions:{name}"), params).content.decode()
        assert {row for row in rows if row in html} == set(present), params
        return html

    return check


def test_the_meetings_register_filters_by_kind_and_year(shown, province):
    MeetingFactory(standing=province.standing, title="Phiên họp thường kỳ tháng 5", held_on=date(2026, 5, 12))
    MeetingFactory(standing=province.standing, title="Phiên giải trình về đất đai", held_on=date(2026, 6, 20),
                   kind=StandingMeeting.Kind.EXPLANATION)
    MeetingFactory(
        standing=province.standing,
        title="Hội nghị liên tịch năm trước",
        held_on=date(2025, 11, 3),
        kind=StandingMeeting.Kind.JOINT,
    )
    rows = ["Phiên họp thường kỳ tháng 5", "Phiên giải trình về đất đai", "Hội nghị liên tịch năm trước"]
    shown("meeting_list", {}, rows=rows, present=rows)
    shown("meeting_list", {"kind": "explanation"}, rows=rows, present=["Phiên giải trình về đất đai"])
    shown("meeting_list", {"year": 2025}, rows=rows, present=["Hội nghị liên tịch năm trước"])
    shown("meeting_list", {"kind": "monthly", "year": 2025}, rows=rows, present=[])


def test_the_missions_register_filters_by_kind_and_year_of_the_decision(shown, province):
    MissionFactory(lead_body=province.standing, subject="Giám sát giải phóng mặt bằng")
    MissionFactory(
        lead_body=province.standing,
        subject="Khảo sát trường học vùng cao",
        kind=SupervisionMission.Kind.SURVEY,
    )
    MissionFactory(
        lead_body=province.standing,
        subject="Giám sát chợ nông thôn",
        decision_date=date(2025, 3, 2),
        visit_start=date(2025, 4, 1),
        visit_end=date(2025, 4, 3),
    )
    rows = ["Giám sát giải phóng mặt bằng", "Khảo sát trường học vùng cao", "Giám sát chợ nông thôn"]
    shown("mission_list", {"kind": "survey"}, rows=rows, present=["Khảo sát trường học vùng cao"])
    shown("mission_list", {"year": 2025}, rows=rows, present=["Giám sát chợ nông thôn"])
    shown(
        "mission_list",
        {"kind": "supervision", "year": 2026},
        rows=rows,
        present=["Giám sát giải phóng mặt bằng"],
    )


def test_the_recommendations_register_filters_by_status(shown, province):
    mission = MissionFactory(lead_body=province.standing)
    for content, status in [("Kiến nghị chờ trả lời", Recommendation.Status.OPEN),
                            ("Kiến nghị đã trả lời", Recommendation.Status.ANSWERED),
                            ("Kiến nghị đã thực hiện", Recommendation.Status.DONE)]:
        RecommendationFactory(mission=mission, addressee=province.agency, content=content, status=status)
    rows = ["Kiến nghị chờ trả lời", "Kiến nghị đã trả lời", "Kiến nghị đã thực hiện"]
    shown("recommendation_list", {}, rows=rows, present=rows)
    shown("recommendation_list", {"status": "answered"}, rows=rows, present=["Kiến nghị đã trả lời"])
    shown("recommendation_list", {"status": "not_done"}, rows=rows, present=[])


def test_the_questions_register_filters_by_answer_mode_and_whether_the_deputy_agreed(
    shown, session, province, deputy
):
    def ask(text, mode, satisfied):
        question = services.question_ask(
            session=session,
            deputy=deputy,
            questioned_body=province.agency,
            text=text,
            received_on=date(2026, 12, 8),
            answer_mode=mode,
        )
        if satisfied is not None:
            services.question_answer(question=question, answer="Trả lời", answered_on=date(2026, 12, 9),
                                     deputy_satisfied=satisfied)

    ask("Vì sao chậm cấp sổ đỏ?", "in_session", True)
    ask("Khi nào sửa đường tỉnh 12?", "in_session", False)
    ask("Kinh phí trường học vùng cao?", "written", None)
    rows = ["Vì sao chậm cấp sổ đỏ?", "Khi nào sửa đường tỉnh 12?", "Kinh phí trường học vùng cao?"]
    shown("question_list", {"answer_mode": "written"}, rows=rows, present=["Kinh phí trường học vùng cao?"])
    shown("question_list", {"deputy_satisfied": "true"}, rows=rows, present=["Vì sao chậm cấp sổ đỏ?"])
    # "Not agreed" is an answer the deputy rejected, not a question still unanswered.
    shown("question_list", {"deputy_satisfied": "false"}, rows=rows, present=["Khi nào sửa đường tỉnh 12?"])


def test_the_resolutions_register_filters_by_year_and_field(shown, council):
    ResolutionFactory(
        council=council, number="25/NQ-HĐND", title="Mức chi tiếp công dân", field="Tiếp công dân"
    )
    ResolutionFactory(
        council=council,
        number="10/2016/NQ-HĐND",
        title="Giá đất giai đoạn 2016",
        field="Đất đai",
        adopted_on=date(2016, 7, 14),
    )
    ResolutionFactory(council=council, number="30/NQ-HĐND", title="Bảng giá đất 2026", field="Đất đai")
    rows = ["Mức chi tiếp công dân", "Giá đất giai đoạn 2016", "Bảng giá đất 2026"]
    shown("resolution_list", {"year": 2016}, rows=rows, present=["Giá đất giai đoạn 2016"])
    html = shown(
        "resolution_list",
        {"field": "Đất đai"},
        rows=rows,
        present=["Giá đất giai đoạn 2016", "Bảng giá đất 2026"],
    )
    assert '<option value="Tiếp công dân">Tiếp công dân</option>' in html  # the fields in use are offered
    shown("resolution_list", {"field": "Đất đai", "year": 2026}, rows=rows, present=["Bảng giá đất 2026"])


@pytest.fixture
def ratings(session, province, council, elected):
    """Of 50 members: a rating over the threshold (26 low), one under it, a formal vote over it (30), one
    under."""
    earlier = SessionFactory(term=province.term, council=council, number=5, planned_open=date(2026, 7, 8))

    def rated(name, on, kind, low):
        position = elected if name == "Lê Quang Minh" else PositionFactory(
            person=PersonFactory(full_name=name), body=province.committee, title="Phó Chủ tịch UBND tỉnh",
            elected_by_council=True)
        services.rating_record(session=on, position=position, kind=kind, total_members=50, ballots_issued=50,
                               valid_ballots=50, high=0, confidence=50 - low, low=low)

    rated("Lê Quang Minh", session, "rating", 26)
    rated("Phạm Thu Hà", session, "rating", 10)
    rated("Đỗ Văn Hùng", session, "vote", 30)
    rated("Ngô Bảo Châu", earlier, "vote", 20)
    return earlier


RATED = ["Lê Quang Minh", "Phạm Thu Hà", "Đỗ Văn Hùng", "Ngô Bảo Châu"]


def test_the_ratings_register_shows_counts_and_outcome(shown, ratings):
    html = shown("rating_list", {}, rows=RATED, present=RATED)
    assert "Quá ngưỡng: đề nghị bỏ phiếu tín nhiệm" in html
    assert "Quá ngưỡng: trình HĐND miễn nhiệm hoặc phê chuẩn cách chức" in html
    assert "Kỳ họp thứ 5" in html and "Phó Chủ tịch UBND tỉnh" in html


def test_the_ratings_register_filters_by_session_kind_and_outcome_and_searches_names(shown, session, ratings):
    shown("rating_list", {"session": ratings.pk}, rows=RATED, present=["Ngô Bảo Châu"])
    shown("rating_list", {"kind": "vote"}, rows=RATED, present=["Đỗ Văn Hùng", "Ngô Bảo Châu"])
    over = shown("rating_list", {"outcome": "over"}, rows=RATED, present=["Lê Quang Minh", "Đỗ Văn Hùng"])
    assert "<td>Không có hệ quả</td>" not in over
    shown("rating_list", {"outcome": "under", "session": session.pk}, rows=RATED, present=["Phạm Thu Hà"])
    shown("rating_list", {"q": "do van hung"}, rows=RATED, present=["Đỗ Văn Hùng"])


def test_the_outcome_filter_reads_the_thresholds_as_the_outcome_column_does(shown, ratings):
    # "More than 60%" instead of "more than half": 26 low of 50 is no longer over.
    RatingThreshold.objects.filter(code="formal_vote").update(share=Decimal("0.6"))
    shown("rating_list", {"outcome": "over"}, rows=RATED, present=["Đỗ Văn Hùng"])
    html = shown(
        "rating_list",
        {"outcome": "under"},
        rows=RATED,
        present=["Lê Quang Minh", "Phạm Thu Hà", "Ngô Bảo Châu"],
    )
    assert "Quá ngưỡng:" not in html


def test_an_outsider_is_offered_no_session_of_another_province_in_the_filter(
    login, outsider, session, ratings
):
    html = login(outsider).get(reverse("council_sessions:rating_list")).content.decode()
    assert f'value="{session.pk}"' not in html and "Lê Quang Minh" not in html
