"""The Council's registers at scale: N sessions' worth of submissions, missions and recommendations in one
province, then p50/p95 and query counts of each list page (first page, search, Excel export), each beside
Django admin's changelist on the same rows and the EXPLAIN ANALYZE time of its main SQL (bench/harness.py),
and the time of moving a session with many submissions (recompute, reschedule, outbox). Rows are saved a chunk
at a time, so memory stays flat (the peak RSS is printed).

It prints figures and never asserts a time (tests/sessions/test_benches.py runs it tiny). Use a database of
its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_sess \
        .venv/bin/python bench/sessions_scale.py --submissions 20000 --recommendations 20000 --repeat 20
"""

import argparse
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Mails queue to the outbox and stay there (in-memory broker): moving a session is timed without sending them.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.harness import PageTable, chunks, peak_rss_mib, time_export  # noqa: E402
from coordination.models import (  # noqa: E402
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyKind,
    Membership,
    Role,
    Term,
)
from coordination.text import fold  # noqa: E402
from sessions import services  # noqa: E402
from sessions.models import Recommendation, Session, Submission, SupervisionMission  # noqa: E402


def save_in_chunks(model, rows) -> None:
    for chunk in chunks(rows, 5000):
        model.objects.bulk_create(chunk)


def generate(submissions: int, recommendations: int):
    call_command("migrate", verbosity=0)
    level = AdministrativeLevel.objects.get(code="province")
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="SB01", valid_to=None, defaults={"name": "Tỉnh Bench Kỳ Họp", "level": level}
    )
    term, _ = Term.objects.get_or_create(unit=unit, start_year=2026, defaults={"end_year": 2031})
    bodies = {
        kind: Body.objects.get_or_create(
            unit=unit, kind=kind, name=f"{kind} bench", defaults={"short_name": kind[:8]}
        )[0]
        for kind in (BodyKind.COUNCIL, BodyKind.COUNCIL_STANDING, BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY)
    }
    bodies[BodyKind.PEOPLES_COMMITTEE].email = "ubnd@bench.vn"
    bodies[BodyKind.PEOPLES_COMMITTEE].save(update_fields=["email", "search_text"])
    user, _ = get_user_model().objects.get_or_create(
        username="bench_sessions", defaults={"email": "b@bench.vn"}
    )
    Membership.objects.get_or_create(
        user=user, body=bodies[BodyKind.COUNCIL_STANDING], defaults={"role": Role.STAFF}
    )
    Submission.objects.filter(session__council=bodies[BodyKind.COUNCIL]).delete()
    Session.objects.filter(council=bodies[BodyKind.COUNCIL]).delete()
    SupervisionMission.objects.filter(lead_body=bodies[BodyKind.COUNCIL_STANDING]).delete()
    sessions = Session.objects.bulk_create(
        [
            Session(
                term=term,
                council=bodies[BodyKind.COUNCIL],
                number=n + 1,
                planned_open=date(2026, 1, 10) + timedelta(days=7 * n),
                planned_close=date(2026, 1, 12) + timedelta(days=7 * n),
                search_text=fold(f"ky hop thu {n + 1}"),
            )
            for n in range(200)
        ]
    )
    submission_rows = (
        Submission(
            session=sessions[n % len(sessions)],
            title=f"Tờ trình số {n} về đất đai",
            presenting_body=bodies[BodyKind.PEOPLES_COMMITTEE],
            due_on=sessions[n % len(sessions)].planned_open - timedelta(days=20),
            session_planned_open=sessions[n % len(sessions)].planned_open,  # bulk_create calls no save()
            search_text=fold(f"To trinh so {n} ve dat dai"),
        )
        for n in range(submissions)
    )
    mission_rows = (
        SupervisionMission(
            lead_body=bodies[BodyKind.COUNCIL_STANDING],
            decision_number=f"{n}/QĐ",
            decision_date=date(2026, 3, 1),
            subject=f"Giám sát chuyên đề {n}",
            visit_start=date(2026, 4, 1),
            visit_end=date(2026, 4, 3),
            search_text=fold(f"giam sat chuyen de {n}"),
        )
        for n in range(max(1, recommendations // 10))
    )
    save_in_chunks(Submission, submission_rows)
    save_in_chunks(SupervisionMission, mission_rows)
    mission_ids = list(
        SupervisionMission.objects.filter(lead_body=bodies[BodyKind.COUNCIL_STANDING])
        .order_by("id")
        .values_list("id", flat=True)
    )
    recommendation_rows = (
        Recommendation(
            mission_id=mission_ids[n % len(mission_ids)],
            addressee=bodies[BodyKind.AGENCY],
            content=f"Kiến nghị số {n}",
            due_on=date(2026, 9, 30),
            search_text=fold(f"kien nghi so {n}"),
        )
        for n in range(recommendations)
    )
    save_in_chunks(Recommendation, recommendation_rows)
    with connection.cursor() as cursor:
        # As autovacuum would have by now: statistics, and the visibility map index-only scans need.
        # Every table: the door's join reads the bodies too (not analysed, their estimate of 3 sessions of
        # 200 made the submissions' register join all 20,000 rows before the sort: 50 ms instead of 0.3).
        cursor.execute("VACUUM ANALYZE")
    return user, sessions[0], bodies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument(
        "--moved", type=int, default=200, help="submissions with follow-ups in the session that moves"
    )
    parser.add_argument("--repeat", type=int, default=10)
    args, _ = parser.parse_known_args()
    t0 = time.perf_counter()
    user, first_session, bodies = generate(args.submissions, args.recommendations)
    print(
        f"generated {args.submissions} submissions, {args.recommendations} recommendations in "
        f"{time.perf_counter() - t0:.1f} s, "
        f"peak RSS {peak_rss_mib():.0f} MiB"
    )
    client = Client()
    client.force_login(user)
    table = PageTable(client, args.repeat)
    for name, model in [
        ("session_list", "session"),
        ("submission_list", "submission"),
        ("mission_list", "supervisionmission"),
        ("recommendation_list", "recommendation"),
    ]:
        url, admin = (
            reverse(f"council_sessions:{name}"),
            reverse(f"admin:council_sessions_{model}_changelist"),
        )
        table.row(f"{name} first page", url, admin)
        table.row(f"{name} search", f"{url}?q=so+12", f"{admin}?q=so+12")
        took, file_title = time_export(client, f"{url}?format=xlsx")
        print(f"{name} excel (background) {took:.0f} ms: {file_title}")
    # Moving a session: every submission of it gets its follow-ups opened, then all are rescheduled at once
    # (by 3 days: the next session opens a week later, and their numbers must keep the order of their dates).
    for n in range(args.moved):
        services.submission_create(
            session=first_session,
            title=f"Tờ trình kèm thời hạn {n}",
            presenting_body=bodies[BodyKind.PEOPLES_COMMITTEE],
        )
    start = time.perf_counter()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        queued = services.session_move(
            session=first_session,
            planned_open=first_session.planned_open + timedelta(days=3),
            planned_close=first_session.planned_close + timedelta(days=3),
            reason="Bench",
        )
    elapsed = (time.perf_counter() - start) * 1000
    count = first_session.submissions.count()
    print(
        f"session_move over {count} submissions: {elapsed:.0f} ms, {len(queries)} queries, {queued} messages "
        f"queued"
    )
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
