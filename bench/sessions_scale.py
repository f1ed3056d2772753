"""The Council's registers at scale: N sessions' worth of submissions, missions and recommendations in one
province, then p50/p95 and query counts of each list page (first page, search, Excel export) and the time of
moving a session with many submissions (recompute, reschedule, outbox).

Not run in CI; it prints figures and never asserts a time. Use a database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_sess \
        .venv/bin/python bench/sessions_scale.py --submissions 20000 --recommendations 20000 --repeat 20
"""

import argparse
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

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


def generate(submissions: int, recommendations: int):
    call_command("migrate", verbosity=0)
    level = AdministrativeLevel.objects.get(code="province")
    unit, _ = AdministrativeUnit.objects.get_or_create(code="SB01", valid_to=None, defaults={"name": "Tỉnh Bench Kỳ Họp", "level": level})
    term, _ = Term.objects.get_or_create(unit=unit, start_year=2026, defaults={"end_year": 2031})
    bodies = {kind: Body.objects.get_or_create(unit=unit, kind=kind, name=f"{kind} bench", defaults={"short_name": kind[:8]})[0]
              for kind in (BodyKind.COUNCIL, BodyKind.COUNCIL_STANDING, BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY)}
    bodies[BodyKind.PEOPLES_COMMITTEE].email = "ubnd@bench.vn"
    bodies[BodyKind.PEOPLES_COMMITTEE].save(update_fields=["email", "search_text"])
    user, _ = get_user_model().objects.get_or_create(username="bench_sessions", defaults={"email": "b@bench.vn"})
    Membership.objects.get_or_create(user=user, body=bodies[BodyKind.COUNCIL_STANDING], defaults={"role": Role.STAFF})
    Submission.objects.filter(session__council=bodies[BodyKind.COUNCIL]).delete()
    Session.objects.filter(council=bodies[BodyKind.COUNCIL]).delete()
    SupervisionMission.objects.filter(lead_body=bodies[BodyKind.COUNCIL_STANDING]).delete()
    sessions = Session.objects.bulk_create([
        Session(term=term, council=bodies[BodyKind.COUNCIL], number=n + 1, planned_open=date(2026, 1, 10) + timedelta(days=7 * n),
                planned_close=date(2026, 1, 12) + timedelta(days=7 * n), search_text=fold(f"ky hop thu {n + 1}"))
        for n in range(200)
    ])
    Submission.objects.bulk_create([
        Submission(session=sessions[n % len(sessions)], title=f"Tờ trình số {n} về đất đai", presenting_body=bodies[BodyKind.PEOPLES_COMMITTEE],
                   due_on=sessions[n % len(sessions)].planned_open - timedelta(days=20), search_text=fold(f"To trinh so {n} ve dat dai"))
        for n in range(submissions)
    ], batch_size=5000)
    missions = SupervisionMission.objects.bulk_create([
        SupervisionMission(lead_body=bodies[BodyKind.COUNCIL_STANDING], decision_number=f"{n}/QĐ", decision_date=date(2026, 3, 1),
                           subject=f"Giám sát chuyên đề {n}", visit_start=date(2026, 4, 1), visit_end=date(2026, 4, 3),
                           search_text=fold(f"giam sat chuyen de {n}"))
        for n in range(max(1, recommendations // 10))
    ])
    Recommendation.objects.bulk_create([
        Recommendation(mission=missions[n % len(missions)], addressee=bodies[BodyKind.AGENCY], content=f"Kiến nghị số {n}",
                       due_on=date(2026, 9, 30), search_text=fold(f"kien nghi so {n}"))
        for n in range(recommendations)
    ], batch_size=5000)
    return user, sessions[0], bodies


def measure(client, url, params, repeat):
    times = []
    for _ in range(repeat):
        connection.queries_log.clear()  # the log is bounded: a full one makes the capture look empty
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0], len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    t0 = time.perf_counter()
    user, first_session, bodies = generate(args.submissions, args.recommendations)
    print(f"generated {args.submissions} submissions, {args.recommendations} recommendations in {time.perf_counter() - t0:.1f}s")
    client = Client()
    client.force_login(user)
    print(f"{'page':<45} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name in ["session_list", "submission_list", "mission_list", "recommendation_list"]:
        url = reverse(f"council_sessions:{name}")
        for label, params, repeat in [("first page", {}, args.repeat), ("search", {"q": "so 12"}, args.repeat),
                                      ("excel", {"format": "xlsx"}, 1)]:
            p50, p95, count = measure(client, url, params, repeat)
            print(f"{name + ' ' + label:<45} {p50:>8.1f} {p95:>8.1f} {count:>8}")
    # Moving a session: every submission of it gets its follow-ups opened, then all are rescheduled at once.
    for n in range(200):
        services.submission_create(session=first_session, title=f"Tờ trình kèm thời hạn {n}", presenting_body=bodies[BodyKind.PEOPLES_COMMITTEE])
    start = time.perf_counter()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        queued = services.session_move(session=first_session, planned_open=first_session.planned_open + timedelta(days=7),
                                       planned_close=first_session.planned_close + timedelta(days=7), reason="Bench")
    elapsed = (time.perf_counter() - start) * 1000
    count = first_session.submissions.count()
    print(f"session_move over {count} submissions: {elapsed:.0f} ms, {len(queries)} queries, {queued} messages queued")


if __name__ == "__main__":
    main()
