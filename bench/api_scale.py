"""The REST API at scale (issue #17 §2): N petitions (default 1,000,000, bench/voters_scale.py's generator)
and optionally follow-ups of the same province, then p50/p95 and query counts of the API's lists and details
through the test client with a personal token (``Authorization: Bearer``), as an agency officer and as a
superuser: the petitions' first page, a filtered list, the page reached after following ``next`` 40 times,
one petition, the overdue follow-ups and a year of the calendar; each beside Django admin's changelist on the
same rows where it has one and the EXPLAIN ANALYZE time of its main SQL (bench/harness.py); ``--explain``
prints that SQL's plan.

It prints figures and never asserts a time (tests/api/test_benches.py runs it tiny). Use a database of its
own, or ``--skip-generate`` on one made already (it only adds its two tokens, removed at the end):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench_api \
        .venv/bin/python bench/api_scale.py --petitions 1000000 --followups 100000 --repeat 30
"""

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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
from django.utils import timezone  # noqa: E402

from bench.harness import PageTable, peak_rss_mib, superuser_client  # noqa: E402
from bench.voters_scale import generate  # noqa: E402
from coordination import services  # noqa: E402
from coordination.api.pagination import IdCursorPagination  # noqa: E402
from coordination.models import ApiToken, Body, BodyKind, FollowUp  # noqa: E402
from voters.admin import PetitionAdmin  # noqa: E402
from voters.models import Petition, PetitionStatus  # noqa: E402

TOKEN_NAME = "bench api_scale"
OFFICER = "songanh"  # staff of an agency of the demo province
NEXT_FOLLOWED = 40


def generate_followups(total: int, today: date) -> None:
    """``total`` follow-ups led by the demo province's bodies, due over the year around today: those past due
    mostly done, one in twenty still open (overdue), the future ones open. INSERT … SELECT generate_series."""
    bodies = list(Body.objects.filter(unit__code="HP", active_to__isnull=True).order_by("id")
                  .values_list("id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO coordination_followup (search_text, title, unit_id, lead_body_id, due_on,
                expected_result, source, status, completed_at, outcome, evidence, reminder_step, created_at,
                updated_at)
            SELECT 'viec api so ' || g, 'Việc API số ' || g, b.unit_id, b.id, d.due, '', 'Quy chế phối hợp',
                   CASE WHEN d.due < %(today)s AND g %% 20 <> 0 THEN 'done' ELSE 'open' END,
                   CASE WHEN d.due < %(today)s AND g %% 20 <> 0 THEN d.due + interval '9 hours' END,
                   '', '', '', now(), now()
            FROM generate_series(1, %(total)s) AS g
            JOIN LATERAL (SELECT (%(start)s::date + (g %% 365)) AS due) d ON true
            JOIN coordination_body b ON b.id = (%(bodies)s::bigint[])[1 + (g::bigint * 7919) %% %(nbodies)s]
            """,
            {"today": today, "total": total, "start": today - timedelta(days=300), "bodies": bodies,
             "nbodies": len(bodies)},
        )
        cursor.execute("VACUUM ANALYZE coordination_followup")
    print(f"Generated {total:,} follow-ups")


def token_client(user) -> Client:
    """A client carrying a read-only personal token of ``user`` on every request (no session)."""
    _token, secret = services.api_token_create(user=user, name=TOKEN_NAME, scope=ApiToken.Scope.READ)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def after_next(client: Client, url: str, times: int) -> tuple[str, int]:
    """The URL reached from ``url`` by following ``next`` up to ``times`` times (fewer when the list ends
    first), and how many were followed."""
    followed = 0
    while followed < times:
        following = client.get(url).json()["next"]
        if not following:
            break
        parts = urlsplit(following)  # an absolute link: its path and query, as the client asks
        url, followed = f"{parts.path}?{parts.query}", followed + 1
    return url, followed


def explain(client: Client, url: str) -> None:
    """EXPLAIN ANALYZE of the request's most expensive SELECT, printed."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    plans = []
    with connection.cursor() as cursor:
        for sql in reads:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            took = sum(float(line.split(":")[1].split()[0]) for line in lines
                       if line.startswith(("Planning Time", "Execution Time")))
            plans.append((took, sql, lines))
    took, sql, lines = max(plans)
    print(f"--- EXPLAIN ANALYZE {url} ({took:.1f} ms)\n{sql}\n" + "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--petitions", type=int, default=1_000_000)
    parser.add_argument("--followups", type=int, default=0, help="follow-ups to generate as well")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--skip-generate", action="store_true", help="measure the rows already in the database"
    )
    parser.add_argument("--only", default="", help="measure only the pages whose label holds this text")
    parser.add_argument("--explain", action="store_true", help="print the main SQL's plan of each page")
    args, _ = parser.parse_known_args()
    if connection.vendor != "postgresql":
        sys.exit("api_scale: set DATABASE_URL to a PostgreSQL database of its own")
    if not args.skip_generate:
        call_command("migrate", verbosity=0)
        generate(args.petitions)
        if args.followups:
            generate_followups(args.followups, timezone.localdate())
    try:
        measure(args.repeat, only=args.only, with_explain=args.explain)
    finally:
        ApiToken.objects.filter(name=TOKEN_NAME).delete()  # and their uses: the database as it was
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


def measure(repeat: int, *, only: str = "", with_explain: bool = False) -> None:
    officer = get_user_model().objects.get(username=OFFICER)
    agency = Body.objects.get(kind=BodyKind.AGENCY, memberships__user=officer)
    superuser_client()  # makes bench_admin
    admin_user = get_user_model().objects.get(username="bench_admin")
    today = timezone.localdate()
    print(f"{Petition.objects.count():,} petitions, {FollowUp.objects.count():,} follow-ups "
          f"({FollowUp.objects.open().filter(due_on__lt=today).count():,} overdue) in the database; "
          f"agency {agency.pk}")
    petitions, admin = reverse("api:petition-list"), reverse("admin:voters_petition_changelist")
    filtered = urlencode({"status": PetitionStatus.FORWARDED, "agency": agency.pk})
    admin_filtered = urlencode({"status__exact": PetitionStatus.FORWARDED, "agency__id__exact": agency.pk})
    none = urlencode({"status": PetitionStatus.MERGED, "agency": agency.pk})  # a filter no row matches
    admin_none = urlencode({"status__exact": PetitionStatus.MERGED, "agency__id__exact": agency.pk})
    one = Petition.objects.filter(agency=agency).order_by("-id").first()
    first = Petition.objects.order_by("id").first()
    year = first.received_on.year if first else today.year  # the bench's first rounds' meetings
    days = urlencode({"start": f"{year}-01-01", "end": f"{year}-12-31"})
    calendar = f"{reverse('api:calendar-list')}?{days}"
    for who, user in (("officer", officer), ("superuser", admin_user)):
        client = token_client(user)
        deep, followed = after_next(client, petitions, NEXT_FOLLOWED)
        admin_deep = 1 + followed * IdCursorPagination.page_size // PetitionAdmin.list_per_page
        pages = [
            ("petitions, first page", petitions, admin),
            ("petitions, status+agency", f"{petitions}?{filtered}", f"{admin}?{admin_filtered}"),
            ("petitions, filter matching none", f"{petitions}?{none}", f"{admin}?{admin_none}"),
            (f"petitions, {followed} x next", deep, f"{admin}?p={admin_deep}"),
            ("petition detail", reverse("api:petition-detail", args=[one.pk]), None),
            ("follow-ups, overdue", f"{reverse('api:followup-list')}?state=overdue", None),
            (f"calendar, year {year}", calendar, None),
        ]
        print(f"-- {who} ({user.username}), read-only token")
        table = PageTable(client, repeat)
        for label, url, admin_url in pages:
            if only in label:
                table.row(f"{label} ({who})", url, admin_url)
                if with_explain:
                    explain(client, url)


if __name__ == "__main__":
    main()
