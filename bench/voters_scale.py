"""Voters at scale: a province with N petitions (default 1,000,000), their meetings and opinions, then
p50/p95 and query counts of the petition inbox, the search and the results report.

Not run in CI; it prints figures and never asserts a time. Use a database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_voters_bench \
        .venv/bin/python bench/voters_scale.py --petitions 1000000 --repeat 30

PostgreSQL loads rows with COPY (psycopg2 ``copy_expert``); SQLite falls back to ``bulk_create``.
"""

import argparse
import io
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from coordination.models import Body, BodyKind  # noqa: E402
from coordination.text import fold  # noqa: E402
from voters.models import OWED_STATUSES, Opinion, Petition, PetitionField, VoterContactRound, VoterMeeting  # noqa: E402

SUBJECTS = ["sửa chữa đường liên xã", "cấp giấy chứng nhận quyền sử dụng đất", "xử lý ô nhiễm môi trường",
            "bổ sung bác sĩ trạm y tế", "xây thêm phòng học mầm non", "hỗ trợ hộ nghèo", "nạo vét kênh mương",
            "lắp đèn chiếu sáng công cộng", "chống sạt lở bờ sông", "nâng cấp chợ nông thôn", "cấp nước sạch",
            "giải phóng mặt bằng dự án", "bảo hiểm y tế học sinh", "xử lý rác thải sinh hoạt"]
PLACES = [f"thôn {n}" for n in range(1, 40)] + [f"tổ dân phố {n}" for n in range(1, 30)]
STATUSES = ["forwarded", "reopened", "answered", "satisfied", "compiling"]
CATEGORIES = {"answered": "explained", "satisfied": "resolved"}
PER_MEETING = 20
ROUNDS = 20


def _tsv(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _copy(table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_tsv(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _next_id(model) -> int:
    return (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1


def _reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def generate(n: int) -> None:
    """Add n petitions (and n opinions at n / PER_MEETING meetings) over ROUNDS rounds of the demo province."""
    call_command("load_demo", stdout=io.StringIO())
    front = Body.objects.get(kind=BodyKind.FRONT_BOARD, unit__code="HP", active_to__isnull=True)
    agencies = list(Body.objects.filter(unit=front.unit, kind=BodyKind.AGENCY).order_by("id"))
    fields = list(PetitionField.objects.order_by("id").values_list("id", flat=True))
    start = date(2020, 1, 6)
    rounds = []
    for r in range(ROUNDS):
        begins = start + timedelta(days=91 * r)
        rounds.append(VoterContactRound.objects.get_or_create(
            title=f"Đợt tiếp xúc cử tri quy mô lớn số {r + 1}",
            defaults={"unit": front.unit, "organiser": front, "timing": "before", "kind": "general", "starts_on": begins,
                      "ends_on": begins + timedelta(days=10), "session_label": f"Kỳ họp thứ {r + 1}"},
        )[0])
    meetings_total = max(ROUNDS, n // PER_MEETING)
    meeting_base, petition_base, opinion_base = _next_id(VoterMeeting), _next_id(Petition), _next_id(Opinion)
    now = timezone.now().isoformat()
    t0 = time.perf_counter()

    def meeting_rows():
        for m in range(meetings_total):
            round_ = rounds[m % ROUNDS]
            address = f"Nhà văn hóa {PLACES[m % len(PLACES)]} điểm {m}"
            day = round_.starts_on + timedelta(days=m % 10)  # held on the day it was planned for
            yield (meeting_base + m, fold(address), round_.pk, day, day, front.unit_id, address, 50 + m % 150, "")

    def petition_rows():
        for i in range(n):
            round_ = rounds[i % ROUNDS]
            status = STATUSES[i % len(STATUSES)]
            title = f"Đề nghị {SUBJECTS[i % len(SUBJECTS)]} tại {PLACES[(i // 7) % len(PLACES)]} (số {i})"
            received = round_.ends_on + timedelta(days=5)
            answered = received + timedelta(days=20 + i % 60) if status in CATEGORIES else None
            yield (petition_base + i, fold(title), front.unit_id, round_.pk, 100000 + i // ROUNDS, title, "",
                   fields[i % len(fields)], "province", agencies[i % len(agencies)].pk if status != "compiling" else None,
                   status, received, received + timedelta(days=60 + i % 30), CATEGORIES.get(status, ""), "", "", "", answered,
                   (answered <= received + timedelta(days=60)) if answered else None, "", None, "", False, now)

    def opinion_rows():
        for i in range(n):
            content = f"Cử tri {PLACES[(i // 7) % len(PLACES)]} đề nghị {SUBJECTS[i % len(SUBJECTS)]}"
            meeting = (i % ROUNDS) + ROUNDS * ((i // ROUNDS) % (meetings_total // ROUNDS))
            yield (opinion_base + i, fold(content), meeting_base + meeting, content, "", False, petition_base + i, now)

    if connection.vendor == "postgresql":
        _copy("voters_votermeeting", ["id", "search_text", "round_id", "planned_on", "held_on", "place_unit_id", "address",
                                      "voters_attending", "officials_answering"], meeting_rows())
        _copy("voters_petition", ["id", "search_text", "unit_id", "round_id", "number", "title", "content", "field_id",
                                  "competence", "agency_id", "status", "received_on", "due_on", "category", "answer_text",
                                  "answer_document", "answer_file", "answered_on", "answered_on_time", "roadmap", "new_deadline",
                                  "verdict_note", "is_recurring", "created_at"],
              petition_rows())
        _copy("voters_opinion", ["id", "search_text", "meeting_id", "content", "raised_by", "answered_on_spot",
                                 "petition_id", "created_at"], opinion_rows())
        _reset_sequences(VoterMeeting, Petition, Opinion)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE voters_petition; ANALYZE voters_opinion; ANALYZE voters_votermeeting")
    else:
        VoterMeeting.objects.bulk_create(
            VoterMeeting(id=r[0], search_text=r[1], round_id=r[2], planned_on=r[3], held_on=r[4], place_unit_id=r[5],
                         address=r[6], voters_attending=r[7]) for r in meeting_rows())
        names = ["id", "search_text", "unit_id", "round_id", "number", "title", "content", "field_id", "competence",
                 "agency_id", "status", "received_on", "due_on", "category", "answer_text", "answer_document",
                 "answer_file", "answered_on", "answered_on_time", "roadmap"]
        Petition.objects.bulk_create((Petition(**dict(zip(names, r[:20], strict=True))) for r in petition_rows()),
                                     batch_size=2000)
        Opinion.objects.bulk_create((Opinion(id=r[0], search_text=r[1], meeting_id=r[2], content=r[3], petition_id=r[6])
                                     for r in opinion_rows()), batch_size=2000)
    print(f"Generated {meetings_total:,} meetings, {n:,} petitions, {n:,} opinions in {time.perf_counter() - t0:.1f} s")


def measure(label: str, client: Client, url: str, repeat: int) -> None:
    timings, queries = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    print(f"{label:<34} p50 {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms   queries {sorted(queries)}   {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--skip-generate", action="store_true", help="measure the rows already in the database")
    args = parser.parse_args()
    if not args.skip_generate:
        call_command("migrate", verbosity=0)
        generate(args.petitions)
    print(f"Database: {connection.vendor}; petitions in the database: {Petition.objects.count():,}")
    agency = Body.objects.filter(kind=BodyKind.AGENCY, unit__code="HP").order_by("id").first()
    round_ = VoterContactRound.objects.filter(title__startswith="Đợt tiếp xúc cử tri quy mô lớn").order_by("id").first()
    client = Client()
    client.force_login(get_user_model().objects.get(username="songanh"))
    inbox = reverse("voters:petition_list")
    measure("inbox (agency, owed)", client, f"{inbox}?agency={agency.pk}&owed=true", args.repeat)
    owed_pages = max(1, Petition.objects.filter(agency=agency, status__in=OWED_STATUSES).count() // settings.PAGE_SIZE)
    page = min(40, owed_pages)
    measure(f"inbox, page {page}", client, f"{inbox}?agency={agency.pk}&owed=true&page={page}", args.repeat)
    measure("search 'nao vet kenh muong thon 12'", client, f"{inbox}?q=nao+vet+kenh+muong+thon+12", args.repeat)
    measure("search 'giai phong mat bang'", client, f"{inbox}?q=giai+phong+mat+bang", args.repeat)
    measure("search inside the inbox", client, f"{inbox}?agency={agency.pk}&owed=true&q=giai+phong+mat+bang", args.repeat)
    measure("all petitions, first page", client, inbox, args.repeat)
    measure("results report (one round)", client, f"{reverse('voters:results')}?round={round_.pk}", max(5, args.repeat // 3))


if __name__ == "__main__":
    main()
