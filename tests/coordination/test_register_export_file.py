"""A register's Excel file is written row by row to a temporary file and copied to storage in chunks (never
held whole in memory, bench/coordination_export.py measures it at 200,000 rows): the stored file holds every
row of the list, and the job's title says how many."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coordination.models import GeneratedReport
from coordination.services import followup_open
from tests.exports import export_xlsx

pytestmark = pytest.mark.django_db


def test_the_stored_file_holds_every_row_and_its_page_says_how_many(login, superuser, province):
    today = timezone.localdate()
    for n in range(7):
        followup_open(subject=None, title=f"Việc xuất số {n}", lead_body=province.standing,
                      due_on=today + timedelta(days=n))
    client = login(superuser)
    response = export_xlsx(client, reverse("followups:list"), {"state": "all"})
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("Nội dung công việc", "Cơ quan chủ trì", "Người chịu trách nhiệm", "Thời hạn")
    assert [row[0] for row in rows[1:]] == [f"Việc xuất số {n}" for n in range(7)]
    assert [row[3].date() for row in rows[1:]] == [today + timedelta(days=n) for n in range(7)]
    report = GeneratedReport.objects.get()
    assert report.title == "Việc cần theo dõi — Tất cả: 7 dòng (Excel)"
    with report.file.open("rb") as stored:
        assert stored.read() == response.content
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Việc cần theo dõi — Tất cả: 7 dòng (Excel)" in page
