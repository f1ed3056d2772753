"""What the page benches share: a page's p50 / p95 and query count printed beside Django admin's changelist on
the same rows and beside the EXPLAIN ANALYZE time of the page's main SQL, as ratios; the
process's peak RSS; rows cut into chunks so a generator never holds them all.

A ratio reads: page / admin 0.3 means the page answers in a third of the admin's time; page / SQL 5 means the
page spends five times its main query's own execution in Python, the other queries and rendering."""

import resource
import statistics
import time
from dataclasses import dataclass
from itertools import islice

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def peak_rss_mib() -> float:
    """The most memory this process has held so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def chunks(rows, size: int = 10_000):
    """Lists of at most ``size`` rows, drawn from ``rows`` (any iterable) one chunk at a time."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


@dataclass
class Timing:
    p50: float
    p95: float
    queries: list[int]
    reads: list[str]  # the SELECTs of the last request


def percentile(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))]


def time_get(client: Client, url: str, repeat: int) -> Timing:
    """GET ``url`` ``repeat`` times (after one warm-up); a streamed answer is read to its end."""
    samples, counts, reads = [], set(), []
    for attempt in range(repeat + 1):
        connection.queries_log.clear()  # the log is bounded: a full one makes the capture look empty
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            took = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        if attempt:
            samples.append(took)
            counts.add(len(captured))
            reads = [
                q["sql"]
                for q in captured.captured_queries
                if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
            ]
    samples.sort()
    return Timing(statistics.median(samples), percentile(samples, 95), sorted(counts), reads)


def main_sql_ms(reads: list[str]) -> float | None:
    """The page's main SQL: of its SELECTs, the one PostgreSQL's EXPLAIN ANALYZE finds the most expensive
    (planning plus execution), chosen by the database's own clock rather than the request's, which a busy
    machine blurs. None on another database."""
    if connection.vendor != "postgresql" or not reads:
        return None
    times = []
    with connection.cursor() as cursor:
        for sql in set(reads):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]
            times.append(plan["Planning Time"] + plan["Execution Time"])
    return max(times)


def superuser_client() -> Client:
    """Signed in as a superuser, for the admin changelists."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench_admin",
        defaults={"email": "bench_admin@bench.vn", "is_staff": True, "is_superuser": True},
    )
    client = Client()
    client.force_login(user)
    return client


def _ratio(page: float, other: float | None) -> str:
    return f"{page / other:.2f}" if other else "—"


def _ms(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "—"


class PageTable:
    """Prints one line per page: its timing, the admin changelist's on the same rows (when one exists) and
    the EXPLAIN ANALYZE time of the page's main SQL, each beside the page as a ratio."""

    COLUMNS = (f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>9} {'admin p50':>10} {'admin q':>8} "
               f"{'page / admin':>13} {'SQL ms':>8} {'page / SQL':>11}")

    def __init__(self, client: Client, repeat: int):
        self.client, self.admin, self.repeat = client, superuser_client(), repeat
        print(self.COLUMNS)

    def row(self, label: str, url: str, admin_url: str | None = None, *, repeat: int | None = None,
            client: Client | None = None) -> None:
        repeat = repeat or self.repeat
        page = time_get(client or self.client, url, repeat)
        admin = time_get(self.admin, admin_url, repeat) if admin_url else None
        sql = main_sql_ms(page.reads)
        print(
            f"{label:<40} {page.p50:>8.1f} {page.p95:>8.1f} {'/'.join(map(str, page.queries)):>9} "
            f"{_ms(admin and admin.p50):>10} {'/'.join(map(str, admin.queries)) if admin else '—':>8} "
            f"{_ratio(page.p50, admin and admin.p50):>13} {_ms(sql):>8} {_ratio(page.p50, sql):>11}   {url}",
            flush=True,
        )


def time_export(client: Client, url: str) -> tuple[float, str]:
    """An Excel export end to end, as a user gets it: the click (which queues the file and answers with its
    progress page) and the worker's rendering, run here in-process; returns the time and the file's title."""
    from coordination.models import GeneratedReport
    from coordination.services import report_render

    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    report = GeneratedReport.objects.latest("pk")
    report_render(report_id=report.pk)  # a no-op when eager tasks already made it
    took = (time.perf_counter() - started) * 1000
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.DONE, report.error
    return took, report.title
