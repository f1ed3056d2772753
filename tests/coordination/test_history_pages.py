"""The "Lịch sử" page of a follow-up, and the shared history rows every such page shows: who, when, why,
and each change by its label with values a person reads — never a field's name, a code or an internal
column."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from coordination.history import history_rows
from coordination.models import FollowUp
from coordination.services import followup_complete, followup_open, followup_reschedule
from tests.test_no_internal_codes import visible_text
from tests.url_coverage import covers

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-01-11")]


@pytest.fixture
def followup(province, person_of, staff_a):
    return followup_open(subject=None, title="Gửi báo cáo thẩm tra", lead_body=province.standing,
                         due_on=date(2027, 1, 20), responsible=person_of(staff_a))


def history_of(client, followup) -> str:
    response = client.get(reverse("followups:history", args=[followup.pk]))
    assert response.status_code == 200
    return visible_text(response.content.decode()).replace(" :", ":")  # "Thời hạn: 20/01/2027 → …"


@covers("followups:history")
class TestFollowUpHistory:
    def test_it_shows_who_changed_what_when_and_why_in_words(self, login, staff_a, viewer, followup):
        followup_reschedule(followup=followup, due_on=date(2027, 1, 27), reason="Kỳ họp dời lịch một tuần")
        client = login(staff_a)
        client.post(reverse("followups:complete", args=[followup.pk]), {"outcome": "Đã gửi báo cáo"})
        assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.DONE

        text = history_of(login(viewer), followup)
        assert "Thời hạn: 20/01/2027 → 27/01/2027" in text
        assert "Kỳ họp dời lịch một tuần" in text
        assert "Trạng thái: Đang thực hiện → Đã hoàn thành" in text
        assert "Kết quả, minh chứng: — → Đã gửi báo cáo" in text
        assert "Hoàn thành lúc: — → 09:00 11/01/2027" in text
        assert staff_a.get_full_name() in text  # who completed it, by name
        assert "hệ thống" in text  # the rescheduling came from a service, not a person
        assert "11/01/2027 09:0" in text  # when, dd/mm/yyyy HH:MM
        assert "Tạo mới" in text

    def test_it_never_shows_internal_columns_or_field_names(self, login, viewer, followup):
        followup.reminder_step = "d7@2027-01-13"  # the sweep's bookkeeping: a version nobody needs to read
        followup.save()
        followup_reschedule(followup=followup, due_on=date(2027, 1, 27))
        text = history_of(login(viewer), followup)
        for internal in ("search", "updated", "reminder", "d7@", "subject", "due_on", "None"):
            assert internal not in text
        assert text.count("Sửa") == 1  # the re-dating; the sweep's save changed nothing a person reads

    def test_in_english_every_change_is_still_listed(self, followup):
        followup_complete(followup=followup, outcome="Đã gửi")
        with translation.override("en"):  # "status", "completed at": labels that read like the fields' names
            (edit, _created) = history_rows(followup)
            assert [c.label for c in edit.changes] == ["Status", "Completed at", "Result and evidence"]

    def test_it_goes_through_the_follow_ups_door(self, login, outsider, followup, client):
        assert login(outsider).get(reverse("followups:history", args=[followup.pk])).status_code == 404
        client.logout()
        assert client.get(reverse("followups:history", args=[followup.pk])).status_code == 302

    def test_the_follow_up_page_links_to_it(self, login, viewer, followup):
        html = login(viewer).get(followup.get_absolute_url()).content.decode()
        assert reverse("followups:history", args=[followup.pk]) in html
