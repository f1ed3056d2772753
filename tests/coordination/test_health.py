"""/healthz, /readyz and /metrics: what docker compose, a load balancer and Prometheus see (counts only)."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from config.celery import BEAT_SCHEDULE
from coordination import monitoring
from coordination.models import MailServerStatus, OutboxMessage, TaskHeartbeat
from coordination.services import outbox_enqueue_many
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


def queue(n, **fields):
    outbox_enqueue_many(
        messages=[
            {
                "key": f"h:{i}",
                "kind": "reminder",
                "to_email": f"bi-mat-{i}@example.vn",
                "subject": f"Tiêu đề riêng {i}",
                "body_text": "Nội dung",
            }
            for i in range(n)
        ]
    )
    if fields:
        OutboxMessage.objects.filter(key__startswith="h:").update(**fields)


@covers("healthz", "readyz", "metrics")
class TestEndpoints:
    def test_healthz_answers_anyone_by_ip_over_plain_http_even_with_production_safeguards(
        self, client, settings
    ):
        settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT = ["phoihop.example.vn"], True
        response = client.get(reverse("healthz"), HTTP_HOST="10.0.0.7:8000")
        assert (response.status_code, response.content) == (200, b"ok\n")
        assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 200
        assert (
            client.get(reverse("login"), HTTP_HOST="10.0.0.7:8000").status_code == 400
        )  # the rest still checks the host

    def test_readyz_lists_every_check_and_their_counts(self, client, committed):
        with committed():
            queue(2)
        body = json.loads(client.get(reverse("readyz")).content)
        assert body["status"] == "ok"
        assert list(body["checks"]) == list(monitoring.CHECKS)
        assert body["checks"]["outbox"]["backlog"] == 0  # eager in the tests: sent at once
        assert body["checks"]["outbox"]["sent"] == 2 and body["checks"]["failed"]["failed"] == 0

    def test_readyz_says_which_check_fails_and_answers_503(self, client):
        queue(3)
        OutboxMessage.objects.filter(key="h:0").update(status="failed")
        OutboxMessage.objects.filter(key="h:1").update(
            status="pending", created_at=timezone.now() - timedelta(hours=2)
        )
        response = client.get(reverse("readyz"))
        assert response.status_code == 503
        body = json.loads(response.content)
        assert body["status"] == "fail"
        assert body["checks"]["failed"] == {"ok": False, "failed": 1, "ms": body["checks"]["failed"]["ms"]}
        outbox = body["checks"]["outbox"]
        assert outbox["ok"] is False and outbox["backlog"] == 2 and outbox["oldest_pending_seconds"] >= 7200
        assert body["checks"]["database"]["ok"] is True
        assert b"bi-mat" not in response.content and "Tiêu đề".encode() not in response.content  # counts only

    def test_only_runs_the_named_checks_and_an_unknown_one_is_refused(self, client):
        OutboxMessage.objects.create(
            key="f", kind="reminder", to_email="a@example.vn", subject="s", body_text="b", status="failed"
        )
        response = client.get(reverse("readyz"), {"only": "database,redis"})
        assert response.status_code == 200 and list(json.loads(response.content)["checks"]) == [
            "database",
            "redis",
        ]
        response = client.get(reverse("readyz"), {"only": "database,nope"})
        assert response.status_code == 400 and "nope" in json.loads(response.content)["error"]

    def test_metrics_show_requests_outbox_states_and_task_durations(self, client, committed):
        with committed():
            queue(2)
        OutboxMessage.objects.filter(key="h:0").update(status="failed")
        TaskHeartbeat.objects.create(
            task="coordination.tasks.flush_outbox",
            runs=4,
            failures=1,
            seconds_total=2.5,
            last_finished_at=timezone.now(),
        )
        client.get(reverse("login"))
        text = client.get(reverse("metrics")).content.decode()
        assert 'phoihop_outbox_messages{status="failed"} 1.0' in text
        assert 'phoihop_outbox_messages{status="sent"} 1.0' in text
        assert 'phoihop_task_duration_seconds_count{task="coordination.tasks.flush_outbox"} 4.0' in text
        assert 'phoihop_task_duration_seconds_sum{task="coordination.tasks.flush_outbox"} 2.5' in text
        assert 'phoihop_task_failures_total{task="coordination.tasks.flush_outbox"} 1.0' in text
        assert "phoihop_mail_server_down 0.0" in text and "phoihop_outbox_oldest_pending_age_seconds" in text
        assert "django_http_requests_total_by_method_total" in text
        assert "example.vn" not in text

    def test_metrics_need_the_token_when_one_is_set(self, client, settings):
        settings.METRICS_TOKEN = "bi-mat-cua-prometheus"
        assert client.get(reverse("metrics")).status_code == 401
        assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer sai").status_code == 401
        assert (
            client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer bi-mat-cua-prometheus").status_code
            == 200
        )


class TestBeatCheck:
    """The beat check with workers and a beat (as in production, not eager): every sweep on schedule."""

    @pytest.fixture(autouse=True)
    def not_eager(self, monkeypatch):
        monkeypatch.setattr(monitoring, "_eager", lambda: False)

    def beat(self, *, started_minutes_ago):
        TaskHeartbeat.objects.create(
            task=monitoring.BEAT, started_at=timezone.now() - timedelta(minutes=started_minutes_ago)
        )

    def ran(self, task, minutes_ago):
        TaskHeartbeat.objects.update_or_create(task=task, defaults={
            "runs": 1, "last_finished_at": timezone.now() - timedelta(minutes=minutes_ago),
            "last_sent_at": timezone.now() - timedelta(minutes=minutes_ago)})

    def test_a_beat_that_never_started_fails(self):
        ok, checks = monitoring.readiness(only=["beat"])
        assert not ok and checks["beat"]["detail"] == "the beat has never started"

    def test_sweeps_that_ran_on_schedule_pass_and_a_late_one_is_named(self):
        self.beat(started_minutes_ago=600)
        for entry in BEAT_SCHEDULE.values():
            self.ran(entry["task"], minutes_ago=0.5)
        ok, checks = monitoring.readiness(only=["beat"])
        assert ok, checks
        self.ran(
            "coordination.tasks.flush_outbox", minutes_ago=10
        )  # every minute, 2 intervals + 2 min grace allowed
        ok, checks = monitoring.readiness(only=["beat"])
        assert not ok
        sweeps = checks["beat"]["sweeps"]
        assert sweeps["flush-outbox"]["ok"] is False and sweeps["flush-outbox"]["finished_seconds_ago"] >= 600
        assert sweeps["sweep-digests"]["ok"] is True

    def test_a_beat_just_started_gives_each_sweep_its_first_interval(self):
        self.beat(started_minutes_ago=1)
        ok, checks = monitoring.readiness(only=["beat"])
        assert ok, checks

    def test_the_mail_servers_outage_shows_in_the_outbox_check(self):
        MailServerStatus.objects.create(pk=1, down_since=timezone.now() - timedelta(minutes=5), failures=3)
        ok, checks = monitoring.readiness(only=["outbox"])
        assert checks["outbox"]["mail_server_down_seconds"] >= 300


def test_the_readiness_command_prints_the_checks_and_fails_like_readyz(capsys):
    call_command("readiness", "--only", "database,failed")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    OutboxMessage.objects.create(
        key="f", kind="reminder", to_email="a@example.vn", subject="s", body_text="b", status="failed"
    )
    with pytest.raises(SystemExit) as exited:
        call_command("readiness", "--only", "failed")
    assert exited.value.code == 1
