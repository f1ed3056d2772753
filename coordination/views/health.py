"""Health, readiness and metrics for docker compose, load balancers and Prometheus (no login; counts only).

- ``/healthz``: the process answers (no database, no Redis): restart the container when it does not.
- ``/readyz``: database, Redis, a worker's ping, each beat sweep on schedule, the outbox backlog and its
  oldest message's age, failed messages; 503 when a check fails. ``?only=database,redis`` runs just those
  (a load balancer should not drop a web process because the beat is late).
- ``/metrics``: Prometheus text (requests from django-prometheus; outbox, queues, tasks from
coordination.monitoring).
"""

import hmac
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from coordination import monitoring


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    only = [name.strip() for name in request.GET.get("only", "").split(",") if name.strip()]
    unknown = sorted(set(only) - set(monitoring.CHECKS))
    if unknown:
        return JsonResponse(
            {"error": f"unknown checks: {', '.join(unknown)}", "checks": list(monitoring.CHECKS)}, status=400
        )
    ok, checks = monitoring.readiness(only=only or None)
    response = HttpResponse(json.dumps({"status": "ok" if ok else "fail", "checks": checks}, indent=1) + "\n",
                            content_type="application/json", status=200 if ok else 503)
    response._has_been_logged = (
        True  # polled every few seconds: a 503 here is an answer, not an error to log each time
    )
    return response


@never_cache
def metrics(request):
    if settings.METRICS_TOKEN:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {settings.METRICS_TOKEN}".encode()):
            return HttpResponse("unauthorized\n", status=401, content_type="text/plain")
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(monitoring.metrics_text(), content_type=CONTENT_TYPE_LATEST)
