"""A session's and a submission's "Lịch sử" pages: what changed, by whom, in words (the doors are in
test_permissions.py)."""

from datetime import date

import pytest
from django.urls import reverse

from sessions import services
from tests.test_no_internal_codes import visible_text

pytestmark = pytest.mark.today("2026-12-10")


def history_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(response.content.decode()).replace(" :", ":")


def test_a_session_shows_its_status_steps_by_label_and_who_took_them(login, staff_a, viewer, session):
    client = login(staff_a)
    client.post(reverse("council_sessions:session_status", args=[session.pk]), {"status": "convened"})
    client.post(reverse("council_sessions:session_status", args=[session.pk]), {"status": "in_progress"})
    text = history_text(login(viewer), reverse("council_sessions:session_history", args=[session.pk]))
    assert "Trạng thái: Dự kiến → Đã triệu tập" in text
    assert "Trạng thái: Đã triệu tập → Đang họp" in text
    assert "Ngày khai mạc thực tế: — → 10/12/2026" in text
    assert staff_a.get_full_name() in text
    assert "convened" not in text and "actual_open" not in text
    # the session's page offers it
    assert reverse("council_sessions:session_history", args=[session.pk]) in client.get(
        session.get_absolute_url()
    ).content.decode()


def test_a_submission_shows_the_day_it_was_sent_and_its_bodies_by_name(login, staff_b, viewer, session,
                                                                         province):
    submission = services.submission_create(session=session, title="Tờ trình về giá đất",
                                            presenting_body=province.committee)
    submission.reviewing_committee = province.council_committee
    submission.save()
    login(staff_b).post(reverse("council_sessions:submission_record", args=[submission.pk]),
                        {"submitted_on": "09/12/2026"})
    submission.refresh_from_db()
    assert submission.submitted_on == date(2026, 12, 9)
    client = login(viewer)
    text = history_text(client, reverse("council_sessions:submission_history", args=[submission.pk]))
    assert "Ngày gửi tờ trình: — → 09/12/2026" in text
    assert f"Ban thẩm tra: — → {province.council_committee}" in text
    assert staff_b.get_full_name() in text
    assert reverse("council_sessions:submission_history", args=[submission.pk]) in client.get(
        session.get_absolute_url()
    ).content.decode()
