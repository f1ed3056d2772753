"""Follow-ups at scale: N follow-ups (default 1,000,000) over 34 provinces, then p50/p95 and query counts of
the leaders' dashboard, the home page and the follow-up list, each beside Django admin's changelist on the
same rows and the EXPLAIN ANALYZE time of its main SQL (bench/harness.py), one reminder sweep, and the digests
of 1,000 users.

It prints figures and never asserts a time (tests/coordination/test_benches.py runs it tiny). Use a database
of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_coord_bench CELERY_TASK_ALWAYS_EAGER=false \
        .venv/bin/python bench/coordination_scale.py --followups 1000000 --repeat 30

Rows are generated inside PostgreSQL (INSERT … SELECT generate_series), the fastest bulk path, and the bench
process holds none of them (its peak RSS is printed). With
CELERY_TASK_ALWAYS_EAGER=false and no REDIS_URL the sweeps queue to Celery's in-memory broker, so the
figures are the sweeps' own work (finding, rendering and inserting outbox rows), not SMTP.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")

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

from bench.harness import PageTable, peak_rss_mib  # noqa: E402
from coordination.models import (  # noqa: E402
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyKind,
    FollowUp,
    Membership,
    Person,
    Role,
)
from coordination.services import digests_send, reminder_step_for, reminders_sweep  # noqa: E402

PROVINCES = 34
KINDS = [
    BodyKind.NA_DELEGATION,
    BodyKind.COUNCIL_STANDING,
    BodyKind.PEOPLES_COMMITTEE,
    BodyKind.FRONT_BOARD,
] + [BodyKind.AGENCY] * 6


def generate(total: int, today: date, users: int = 1000) -> None:
    with connection.cursor() as cursor:  # not .delete(): that loads every row and writes its history
        cursor.execute(
            "TRUNCATE coordination_outboxmessage, coordination_followup_cooperating_bodies, "
            "coordination_followup, "
            "coordination_historicalfollowup CASCADE"
        )
    level = AdministrativeLevel.objects.get(code="province")
    User = get_user_model()
    body_ids = []
    for p in range(PROVINCES):
        unit, _ = AdministrativeUnit.objects.get_or_create(
            code=f"B{p:02d}", valid_to=None, defaults={"name": f"Tỉnh Bench {p:02d}", "level": level}
        )
        for k, kind in enumerate(KINDS):
            body, _ = Body.objects.get_or_create(
                unit=unit,
                kind=kind,
                name=f"Cơ quan {k} tỉnh Bench {p:02d}",
                defaults={"short_name": f"CQ{k}"},
            )
            body_ids.append(body.pk)
    # The users: each staff (and every tenth a leader) of one body; each a Person who is responsible for
    # items.
    existing = set(User.objects.filter(username__startswith="bench").values_list("username", flat=True))
    for n in range(users):
        name = f"bench{n:04d}"
        if name in existing:
            continue
        user = User.objects.create(username=name, email=f"{name}@bench.vn", first_name=f"Cán bộ {n}")
        Membership.objects.create(
            user=user, body_id=body_ids[n % len(body_ids)], role=Role.LEADER if n % 10 == 0 else Role.STAFF
        )
        Person.objects.create(full_name=f"Cán bộ {n}", user=user, email=user.email)
    person_ids = list(
        Person.objects.filter(user__username__startswith="bench").order_by("pk").values_list("pk", flat=True)
    )
    start = date(today.year, 1, 1)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        # Past items: 95 % done (80 % of those on time), the rest open (overdue); future items open.
        cursor.execute(
            """
            INSERT INTO coordination_followup (search_text, title, unit_id, lead_body_id, responsible_id,
                                              due_on, expected_result,
                source, status, completed_at, outcome, evidence, reminder_step, created_at, updated_at)
            SELECT 'viec so ' || g, 'Việc số ' || g, b.unit_id, b.id,
                   CASE WHEN g %% 3 = 0 THEN (%(persons)s::bigint[])[1 + g %% %(npersons)s] END,
                   d.due, '', 'Quy chế phối hợp',
                   CASE WHEN d.due < %(today)s AND g %% 20 <> 0 THEN 'done' ELSE 'open' END,
                   CASE WHEN d.due < %(today)s AND g %% 20 <> 0
                        THEN (d.due + (CASE WHEN g %% 5 = 0 THEN 3 ELSE -1 END) * interval '1 day')
                             + interval '9 hours' END,
                   '', '', '', now(), now()
            FROM generate_series(1, %(total)s) AS g
            JOIN LATERAL (SELECT (%(start)s::date + (g %% 365)) AS due) d ON true
            JOIN coordination_body b ON b.id = (%(bodies)s::bigint[])[1 + (g::bigint * 7919) %% %(nbodies)s]
            """,
            {
                "persons": person_ids,
                "npersons": len(person_ids),
                "today": today,
                "total": total,
                "start": start,
                "bodies": body_ids,
                "nbodies": len(body_ids),
            },
        )
    print(
        f"generated {total:,} follow-ups in {time.perf_counter() - t0:.1f} s, peak RSS {peak_rss_mib():.0f} "
        f"MiB"
    )
    mark_yesterdays_steps(today)


def mark_yesterdays_steps(today: date) -> None:
    """Every open follow-up at the reminder step yesterday's sweep left it at, so today's sweep sends only
    what today adds; with ``--skip-generate``, after emptying the outbox, the sweeps run again from there."""
    yesterday = today - timedelta(days=1)
    offsets = sorted(set(settings.REMINDER_OFFSETS_DAYS))
    t0 = time.perf_counter()
    # One UPDATE per due date (a few hundred), not per row.
    for due_on in (
        FollowUp.objects.open()
        .filter(due_on__lte=yesterday + timedelta(days=max(offsets)))
        .order_by()
        .values_list("due_on", flat=True)
        .distinct()
    ):
        step = reminder_step_for(due_on=due_on, today=yesterday, offsets=offsets)
        if step:
            FollowUp.objects.open().filter(due_on=due_on).update(reminder_step=step)
    with connection.cursor() as cursor:
        # As autovacuum does within a minute of a sweep (migration coordination.0026): the statistics, and
        # the visibility map the tab counts' index-only scans need.
        cursor.execute("VACUUM ANALYZE coordination_followup")
    print(f"marked yesterday's reminder steps in {time.perf_counter() - t0:.1f} s")


def profiled(label: str, profile: bool, work):
    """``work()``'s result; with ``profile``, its cProfile printed (the 25 costliest calls, cumulative)."""
    if not profile:
        return work()
    profiler = cProfile.Profile()
    result = profiler.runcall(work)
    print(f"--- cProfile of {label}")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return result


def measure_sweeps(today: date, profile: bool = False) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    queued = profiled("the reminder sweep", profile, lambda: reminders_sweep(today=today))
    print(
        f"reminder sweep   {time.perf_counter() - t0:7.2f} s    {queued:,} messages queued "
        f"({time.process_time() - c0:.2f} s of this process's CPU)"
    )
    t0 = time.perf_counter()
    queued = reminders_sweep(today=today)
    print(f"sweep again      {time.perf_counter() - t0:7.2f} s    {queued:,} messages queued (idempotent)")
    t0, c0 = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        queued = profiled(
            "the digests", profile, lambda: digests_send(frequency="weekly", now=timezone.now())
        )
    users = Person.objects.filter(user__username__startswith="bench").count()
    print(
        f"digests          {time.perf_counter() - t0:7.2f} s    {queued:,} digests for {users:,} users, "
        f"{len(queries)} queries ({time.process_time() - c0:.2f} s of this process's CPU)"
    )


def measure(repeat: int, today: date) -> None:
    leader = get_user_model().objects.get(username="bench0000")
    client = Client()
    client.force_login(leader)
    unit_id = leader.memberships.get().body.unit_id
    followups, admin = reverse("followups:list"), reverse("admin:coordination_followup_changelist")
    table = PageTable(client, repeat)
    table.row("dashboard (leader)", reverse("dashboard"), f"{admin}?unit__id__exact={unit_id}")
    table.row("home (leader)", reverse("home"))
    table.row("follow-up list (leader)", followups, f"{admin}?unit__id__exact={unit_id}")
    table.row("follow-up list (superuser)", followups, admin, client=table.admin)
    table.row(
        "follow-up search (superuser)",
        f"{followups}?q=viec+so+12",
        f"{admin}?q=viec+so+12",
        client=table.admin,
    )
    # Two letters matching nothing: read from the bigram index (they walked every tab's index to the end).
    table.row("follow-up search 'zz' (superuser)", f"{followups}?q=zz", f"{admin}?q=zz", client=table.admin)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--users", type=int, default=1000, help="staff (every tenth a leader) who get digests"
    )
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="measure the rows already in the database (the outbox emptied, the sweeps run again)",
    )
    parser.add_argument("--sweeps-only", action="store_true", help="only the reminder sweep and the digests")
    parser.add_argument(
        "--profile", action="store_true", help="print the cProfile of the reminder sweep and of the digests"
    )
    args, _ = parser.parse_known_args()
    if connection.vendor != "postgresql":
        sys.exit("coordination_scale: set DATABASE_URL to a PostgreSQL database of its own")
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    if args.skip_generate:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE coordination_outboxmessage")
        # Only the rows a sweep marked: an UPDATE of all 1,000,000 left every index as no day's work does.
        FollowUp.objects.exclude(reminder_step="").update(reminder_step="")
        mark_yesterdays_steps(today)
    else:
        generate(args.followups, today, args.users)
    print(f"{FollowUp.objects.count():,} follow-ups, {PROVINCES} provinces")
    if not args.sweeps_only:
        measure(args.repeat, today)
    measure_sweeps(today, profile=args.profile)
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
