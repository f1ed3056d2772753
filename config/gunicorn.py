"""gunicorn settings (docker-compose.yml: ``gunicorn -c config/gunicorn.py config.wsgi:application``).

With PROMETHEUS_MULTIPROC_DIR set, every worker writes its request metrics there and /metrics sums them
(prometheus_client's multiprocess mode); a worker that exits has its live gauges removed.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# One more than the cores: the dashboard under 50 leaders at once measured 212–232 req/s with 3 workers on 2
# cores and fell to 76–212 with 4, which contend for the cores with PostgreSQL and Redis (README).
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
