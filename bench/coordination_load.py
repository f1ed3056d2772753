"""Leaders at once on /dashboard/: N follow-ups (default 500,000), gunicorn with 4 workers on a loopback port,
and a bounded asyncio client (C concurrent leaders, each signed in, for S seconds) that prints requests/s and
latency percentiles; a second client opens the login page every half second meanwhile. Loopback only.

Run tiny by tests/coordination/test_benches.py; it prints figures (and its peak RSS) and never asserts a time.
Use a database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_load_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/coordination_load.py --followups 500000 --users 50 --seconds 30

DASHBOARD_CACHE_SECONDS=0 in the environment measures the dashboard without its cache.
"""

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
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
from django.utils import timezone  # noqa: E402

from bench.harness import peak_rss_mib  # noqa: E402
from coordination.models import AdministrativeUnit, Body, FollowUp, Membership, Person, Role  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def leaders(count: int, unit: AdministrativeUnit) -> list[str]:
    """``count`` leaders spread over the unit's bodies, each signed in; returns their session cookies."""
    User = get_user_model()
    bodies = list(Body.objects.filter(unit=unit).order_by("pk"))
    cookies = []
    for n in range(count):
        user, created = User.objects.get_or_create(
            username=f"load{n:03d}", defaults={"email": f"load{n:03d}@bench.vn"}
        )
        if created:
            Membership.objects.create(user=user, body=bodies[n % len(bodies)], role=Role.LEADER)
            Person.objects.create(full_name=f"Lãnh đạo {n}", user=user, email=user.email)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def get(port: int, path: str, cookie: str | None, timeout: float) -> tuple[int, float]:
    """One HTTP/1.1 request (gunicorn's sync workers close the connection after each); (status, seconds)."""
    started = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if cookie:
            headers += f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}\r\n"
        writer.write((headers + "\r\n").encode())
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started


async def load(port: int, cookies: list[str], seconds: float, max_requests: int, think: float = 0.0) -> dict:
    """Every cookie is a leader reloading the dashboard ``think`` seconds after the last answer came (0: at
    once), until ``seconds`` passed or ``max_requests`` were sent; meanwhile an anonymous visitor opens the
    login page twice a second."""
    deadline = time.monotonic() + seconds
    samples, errors, login = [], 0, []
    sent = 0

    async def leader(cookie):
        nonlocal errors, sent
        while time.monotonic() < deadline and sent < max_requests:
            sent += 1
            try:
                status, took = await get(port, "/dashboard/", cookie, timeout=60)
            except (TimeoutError, OSError):
                errors += 1
                continue
            if status == 200:
                samples.append(took)
            else:
                errors += 1
            if think:
                await asyncio.sleep(think)

    async def visitor():
        while time.monotonic() < deadline:
            try:
                status, took = await get(port, "/accounts/login/", None, timeout=60)
                login.append(took if status == 200 else float("inf"))
            except (TimeoutError, OSError):
                login.append(float("inf"))
            await asyncio.sleep(0.5)

    started = time.monotonic()
    await asyncio.gather(visitor(), *(leader(c) for c in cookies))
    return {"samples": samples, "errors": errors, "login": login, "elapsed": time.monotonic() - started}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else float("nan")
    )


def serve(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                sys.exit(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=500_000)
    parser.add_argument("--users", type=int, default=50, help="leaders reloading the dashboard at once")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers (as gunicorn.py)"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs="*",
        default=[0.0, 2.0],
        help="seconds each leader waits between answers; one run per value (0: reload at once)",
    )
    parser.add_argument(
        "--skip-generate", action="store_true", help="measure the rows already in the database"
    )
    args, _ = parser.parse_known_args()
    if connection.vendor != "postgresql":
        sys.exit("coordination_load: set DATABASE_URL to a PostgreSQL database of its own")
    call_command("migrate", verbosity=0)
    if not args.skip_generate:
        # bench/coordination_scale.py: the same 34 provinces, generated with INSERT … SELECT.
        from coordination_scale import generate

        generate(args.followups, timezone.localdate(), users=args.users)
    unit = AdministrativeUnit.objects.filter(code="B00").first()
    if unit is None:
        sys.exit("coordination_load: no generated data (run without --skip-generate)")
    cookies = leaders(args.users, unit)
    in_unit = FollowUp.objects.filter(unit=unit).count()
    connection.close()  # gunicorn's workers get the connections
    port = free_port()
    server = serve(port, args.workers)
    try:
        asyncio.run(load(port, cookies[:1], min(args.seconds, 3), 5))  # warm up: imports, first connections
        results = [
            (think, asyncio.run(load(port, cookies, args.seconds, args.max_requests, think)))
            for think in args.think
        ]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    cache = "off" if settings.DASHBOARD_CACHE_SECONDS <= 0 else f"{settings.DASHBOARD_CACHE_SECONDS} s"
    print(
        f"{FollowUp.objects.count():,} follow-ups ({in_unit:,} in the leaders' province), {args.users} "
        f"leaders, "
        f"{args.workers} gunicorn workers, dashboard cache {cache}, {args.seconds:.0f} s per run"
    )
    for think, result in results:
        samples, login = result["samples"], result["login"]
        label = "reload at once" if not think else f"every {think:g} s"
        if samples:
            print(
                f"dashboard, {label:<15} {len(samples) / result['elapsed']:6.1f} req/s   p50 "
                f"{statistics.median(samples) * 1000:7.1f} ms"
                f"   p95 {percentile(samples, 95) * 1000:7.1f} ms   p99 "
                f"{percentile(samples, 99) * 1000:7.1f} ms   "
                f"{len(samples):,} answers, {result['errors']} errors"
            )
        else:
            print(f"dashboard, {label:<15} no answer, {result['errors']} errors")
        if login:
            print(
                f"  login page meanwhile       p50 {statistics.median(login) * 1000:7.1f} ms   max "
                f"{max(login) * 1000:7.1f} ms "
                f"  ({len(login)} visits)"
            )
    print(f"peak RSS of the bench process {peak_rss_mib():.0f} MiB (gunicorn's workers not included)")


if __name__ == "__main__":
    main()
