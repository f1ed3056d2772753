"""The chaos tests' private world: a Redis of their own on a free loopback port (no persistence, so a restart
loses every queued task), a real SMTP server (aiosmtpd, in a thread of the test process) that counts every
Message-ID it accepts, and real Celery workers and beats as child processes on the test database.

The children run with tests/coordination/worker_settings.py, which compresses time by settings (the beat's
intervals, stale claims, backoff); they use the real clock, so nothing here relies on the parent's travel.
"""

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.M | re.I)
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every SMTP command at INFO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float = 90, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s: {message() if callable(message) else message}")


class CountingHandler:
    """Accepts every message, after ``delay`` seconds (a real server's latency, so a worker can be killed
    mid-send)."""

    def __init__(self):
        self.delay = 0.0
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        found = MESSAGE_ID.search(envelope.content or b"")
        with self.lock:
            self.received[found.group(1).decode() if found else "<none>"] += 1
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on 127.0.0.1:<port>; ``stop()`` and ``start()`` again on the same port make an outage."""

    def __init__(self):
        self.port = free_port()
        self.handler = CountingHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, ready_timeout=10)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def counts(self) -> Counter:
        with self.handler.lock:
            return Counter(self.handler.received)


class Stack:
    def __init__(self, tmp: Path, smtp: SmtpServer, **settings_env):
        self.tmp = tmp
        self.smtp = smtp
        self.redis_port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}?application_name=phoihop-chaos",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DJANGO_SETTINGS_MODULE": "tests.coordination.worker_settings",
            "PHOIHOP_VAR_DIR": str(tmp),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "5",
            "LOG_LEVEL": "WARNING",
            **{k: str(v) for k, v in settings_env.items()},
        }
        self.env.pop("PHOIHOP_TEST_NOW", None)  # the children live on the real clock
        if db.get("PASSWORD"):
            self.env["PGPASSWORD"] = db["PASSWORD"]

    # --- Redis -------------------------------------------------------------------------------------

    def redis_cli(self, *args) -> str:
        return subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), *args],
            check=False,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()

    def start_redis(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.tmp),
                "--pidfile",
                str(self.tmp / "redis.pid"),
            ],
            check=True,
            timeout=10,
            capture_output=True,
        )
        wait_until(lambda: self.redis_cli("ping") == "PONG", 10, "private redis did not start")

    def stop_redis(self) -> None:
        self.redis_cli("shutdown", "nosave")
        wait_until(lambda: self.redis_cli("ping") != "PONG", 10, "private redis did not stop")

    # --- processes -------------------------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        with open(self.tmp / f"{name}.log", "ab") as log:  # the child keeps its own descriptor
            process = subprocess.Popen(
                args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.processes[name] = process
        return process

    def start_worker(self, name: str = "worker") -> None:
        self._spawn(name, [str(BIN / "celery"), "-A", "config", "worker", "-P", "solo", "-Q", "celery,pdf",
                           "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning",
                           "-n", f"{name}-{os.getpid()}-{self.redis_port}@%h"])

    def start_beat(self, name: str = "beat") -> None:
        # Its own application name, so a test can drop the beat's database connections alone.
        database_url = self.env["DATABASE_URL"].replace("=phoihop-chaos", "=phoihop-chaos-beat")
        self._spawn(name, [str(BIN / "celery"), "-A", "config", "beat", "-l", "warning",
                           "--schedule", str(self.tmp / f"{name}-schedule"), "--pidfile", ""],
                    env={**self.env, "DATABASE_URL": database_url})

    def kill(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def command(self, *args) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def run(self, *args) -> None:
        process = self.command(*args)
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()

    def output(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in sorted(self.tmp.glob("*.log"))
        )
