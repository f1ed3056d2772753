"""Voters at scale: a province with N petitions (default 1,000,000), their meetings and opinions, then p50/p95
and query counts of the petition inbox, the search, a round's pages and the results report, each beside Django
admin's changelist on the same rows and the EXPLAIN ANALYZE time of its main SQL (bench/harness.py).

It prints figures and never asserts a time (tests/voters/test_benches.py runs it tiny). Use a database of its
own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_voters_bench \
        .venv/bin/python bench/voters_scale.py --petitions 1000000 --repeat 30

Rows stream into PostgreSQL with COPY (psycopg2 ``copy_expert``) a chunk at a time: memory stays flat whatever
N is (the peak RSS is printed).
"""

import argparse
import io
import os
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
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.harness import PageTable, chunks, peak_rss_mib  # noqa: E402
from coordination.demo import DemoContext  # noqa: E402
from coordination.demo import build as build_demo_province  # noqa: E402
from coordination.models import Body, BodyKind  # noqa: E402
from coordination.text import fold  # noqa: E402
from voters.admin import PetitionAdmin  # noqa: E402
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
    """COPY ``rows`` (a generator) into ``table`` one chunk at a time, never holding more than a chunk."""
    with connection.cursor() as cursor:
        for chunk in chunks(rows):
            buffer = io.StringIO("".join("\t".join(_tsv(v) for v in row) + "\n" for row in chunk))
            cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _next_id(model) -> int:
    return (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )


def generate(n: int) -> None:
    """Add n petitions (and n opinions at n / PER_MEETING meetings) over ROUNDS rounds of the demo
    province."""
    build_demo_province(
        DemoContext(today=timezone.localdate())
    )  # its bodies and logins; the other demo steps add nothing here
    front = Body.objects.get(kind=BodyKind.FRONT_BOARD, unit__code="HP", active_to__isnull=True)
    agencies = list(Body.objects.filter(unit=front.unit, kind=BodyKind.AGENCY).order_by("id"))
    fields = list(PetitionField.objects.order_by("id").values_list("id", flat=True))
    start = date(2020, 1, 6)
    rounds = []
    for r in range(ROUNDS):
        begins = start + timedelta(days=91 * r)
        rounds.append(
            VoterContactRound.objects.get_or_create(
                title=f"Đợt tiếp xúc cử tri quy mô lớn số {r + 1}",
                defaults={
                    "unit": front.unit,
                    "organiser": front,
                    "timing": "before",
                    "kind": "general",
                    "starts_on": begins,
                    "ends_on": begins + timedelta(days=10),
                    "session_label": f"Kỳ họp thứ {r + 1}",
                },
            )[0]
        )
    meetings_total = max(ROUNDS, n // PER_MEETING)
    meeting_base, petition_base, opinion_base = _next_id(VoterMeeting), _next_id(Petition), _next_id(Opinion)
    now = timezone.now().isoformat()
    t0 = time.perf_counter()

    def meeting_rows():
        for m in range(meetings_total):
            round_ = rounds[m % ROUNDS]
            address = f"Nhà văn hóa {PLACES[m % len(PLACES)]} điểm {m}"
            day = round_.starts_on + timedelta(days=m % 10)  # held on the day it was planned for
            yield (
                meeting_base + m,
                fold(address),
                round_.pk,
                day,
                day,
                front.unit_id,
                address,
                50 + m % 150,
                "",
            )

    def petition_rows():
        for i in range(n):
            round_ = rounds[i % ROUNDS]
            status = STATUSES[i % len(STATUSES)]
            title = f"Đề nghị {SUBJECTS[i % len(SUBJECTS)]} tại {PLACES[(i // 7) % len(PLACES)]} (số {i})"
            received = round_.ends_on + timedelta(days=5)
            answered = received + timedelta(days=20 + i % 60) if status in CATEGORIES else None
            yield (
                petition_base + i,
                fold(title),
                front.unit_id,
                round_.pk,
                100000 + i // ROUNDS,
                title,
                "",
                fields[i % len(fields)],
                "province",
                agencies[i % len(agencies)].pk if status != "compiling" else None,
                status,
                received,
                received + timedelta(days=60 + i % 30),
                CATEGORIES.get(status, ""),
                "",
                "",
                "",
                answered,
                (answered <= received + timedelta(days=60)) if answered else None,
                "",
                None,
                "",
                False,
                now,
            )

    def opinion_rows():
        for i in range(n):
            content = f"Cử tri {PLACES[(i // 7) % len(PLACES)]} đề nghị {SUBJECTS[i % len(SUBJECTS)]}"
            meeting = (i % ROUNDS) + ROUNDS * ((i // ROUNDS) % (meetings_total // ROUNDS))
            yield (
                opinion_base + i,
                fold(content),
                meeting_base + meeting,
                content,
                "",
                False,
                petition_base + i,
                now,
            )

    _copy(
        "voters_votermeeting",
        [
            "id",
            "search_text",
            "round_id",
            "planned_on",
            "held_on",
            "place_unit_id",
            "address",
            "voters_attending",
            "officials_answering",
        ],
        meeting_rows(),
    )
    _copy(
        "voters_petition",
        [
            "id",
            "search_text",
            "unit_id",
            "round_id",
            "number",
            "title",
            "content",
            "field_id",
            "competence",
            "agency_id",
            "status",
            "received_on",
            "due_on",
            "category",
            "answer_text",
            "answer_document",
            "answer_file",
            "answered_on",
            "answered_on_time",
            "roadmap",
            "new_deadline",
            "verdict_note",
            "is_recurring",
            "created_at",
        ],
        petition_rows(),
    )
    _copy("voters_opinion", ["id", "search_text", "meeting_id", "content", "raised_by", "answered_on_spot",
                             "petition_id", "created_at"], opinion_rows())
    _reset_sequences(VoterMeeting, Petition, Opinion)
    with connection.cursor() as cursor:
        # As autovacuum would have by now: statistics, and the visibility map index-only scans need.
        cursor.execute("VACUUM ANALYZE voters_petition, voters_opinion, voters_votermeeting")
    print(
        f"Generated {meetings_total:,} meetings, {n:,} petitions, {n:,} opinions in "
        f"{time.perf_counter() - t0:.1f} s, "
        f"peak RSS {peak_rss_mib():.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--skip-generate", action="store_true", help="measure the rows already in the database"
    )
    parser.add_argument("--only", default="", help="measure only the rows whose label contains this text")
    args, _ = parser.parse_known_args()
    if connection.vendor != "postgresql":
        sys.exit("voters_scale: set DATABASE_URL to a PostgreSQL database of its own")
    if not args.skip_generate:
        call_command("migrate", verbosity=0)
        generate(args.petitions)
    print(f"{Petition.objects.count():,} petitions in the database")
    agency = Body.objects.filter(kind=BodyKind.AGENCY, unit__code="HP").order_by("id").first()
    round_ = (
        VoterContactRound.objects.filter(title__startswith="Đợt tiếp xúc cử tri quy mô lớn")
        .order_by("id")
        .first()
    )
    clients = {}
    for username in (
        "songanh",
        "mattran",
    ):  # an agency officer (the inbox) and the Front's staff (the rounds)
        clients[username] = Client()
        clients[username].force_login(get_user_model().objects.get(username=username))
    inbox, admin = reverse("voters:petition_list"), reverse("admin:voters_petition_changelist")
    owed = f"agency={agency.pk}&owed=true"
    admin_owed = f"agency__id__exact={agency.pk}&status__in={','.join(OWED_STATUSES)}"
    owed_pages = max(
        1, Petition.objects.filter(agency=agency, status__in=OWED_STATUSES).count() // settings.PAGE_SIZE
    )
    page = min(40, owed_pages)
    admin_page = (
        1 + (page - 1) * settings.PAGE_SIZE // PetitionAdmin.list_per_page
    )  # the admin page holding the same rows
    table = PageTable(clients["songanh"], args.repeat)
    if args.only:
        every_row = table.row
        table.row = lambda label, *rest, **options: (
            every_row(label, *rest, **options) if args.only in label else None
        )
    table.row("inbox (agency, owed)", f"{inbox}?{owed}", f"{admin}?{admin_owed}")
    table.row(f"inbox, page {page}", f"{inbox}?{owed}&page={page}", f"{admin}?{admin_owed}&p={admin_page}")
    for words in ("nao vet kenh muong thon 12", "giai phong mat bang"):
        query = words.replace(" ", "+")
        table.row(f"search '{words}'", f"{inbox}?q={query}", f"{admin}?q={query}")
    table.row(
        "search inside the inbox",
        f"{inbox}?{owed}&q=giai+phong+mat+bang",
        f"{admin}?{admin_owed}&q=giai+phong+mat+bang",
    )
    table.row("all petitions, first page", inbox, admin)
    few = max(3, args.repeat // 10)  # the pages that show a whole round are slow at scale: fewer samples
    front_staff = clients["mattran"]
    in_round = f"{admin}?round__id__exact={round_.pk}"
    table.row(
        "round detail",
        reverse("voters:round_detail", args=[round_.pk]),
        f"{reverse('admin:voters_votermeeting_changelist')}?round__id__exact={round_.pk}",
        repeat=few,
        client=front_staff,
    )
    table.row(
        "compiling a round",
        reverse("voters:compile", args=[round_.pk]),
        in_round,
        repeat=few,
        client=front_staff,
    )
    table.row(
        "results report (one round)",
        f"{reverse('voters:results')}?round={round_.pk}",
        in_round,
        repeat=few,
        client=front_staff,
    )
    table.row("results report (all rounds)", reverse("voters:results"), admin, repeat=few)
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
