"""Outgoing mail and the background work behind it: the outbox, the mail server's status, task heartbeats."""


from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .followups import FollowUp


class OutboxMessage(models.Model):
    """Every outgoing email is a row first (rule 6): the unique key makes enqueueing idempotent.

    A sweep that runs twice, two beats, or a retried task all hit the same key, so no message is
    created twice; the conditional claim in ``outbox_send`` makes sure only one worker sends it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    class Kind(models.TextChoices):
        """What a mail is about. Not the field's choices: a kind is a name in code, not a rule of the
        table."""

        REMINDER = "reminder"
        ESCALATION = "escalation"
        DIGEST = "digest"
        ALERT = "alert"
        SESSION_MOVED = "session_moved"
        NUDGE = "nudge"  # a leader's reminder of an overdue follow-up (services.followup_nudge)
        COMMENT = "comment"  # a comment on a follow-up, to those who owe it (services.followup_comment)
        REASSIGNED = "reassigned"  # a follow-up given to new people (services.followup_reassign)

    key = models.CharField(_("khóa duy nhất"), max_length=255, unique=True)
    kind = models.CharField(_("loại thư"), max_length=32)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    to_email = models.EmailField(_("địa chỉ nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body_text = models.TextField(_("nội dung (văn bản)"))
    body_html = models.TextField(_("nội dung (HTML)"), blank=True)
    followup = models.ForeignKey(
        FollowUp,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        verbose_name=_("việc liên quan"),
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Retries go by time, not by sweep: a failed send waits until next_attempt_at (exponential backoff with
    # jitter); the message is given up only once it has kept failing for OUTBOX_RETRY_WINDOW_SECONDS since
    # first_failed_at. queued_at is when a task was last handed this row, so the flush does not pile up tasks.
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    first_failed_at = models.DateTimeField(_("lỗi đầu tiên lúc"), null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="outbox_status_claimed"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next_attempt"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

    @property
    def is_escalation(self) -> bool:
        return self.kind == self.Kind.ESCALATION

    @property
    def is_nudge(self) -> bool:
        return self.kind == self.Kind.NUDGE


class MailServerStatus(models.Model):
    """One row: whether the SMTP server refused us lately. While it is down the outbox waits for
    ``retry_at`` (backoff growing with ``failures``) instead of spending an attempt of every message."""

    down_since = models.DateTimeField(_("mất kết nối từ"), null=True, blank=True)
    retry_at = models.DateTimeField(_("thử lại lúc"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("số lần lỗi liên tiếp"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trạng thái máy chủ thư")
        verbose_name_plural = _("trạng thái máy chủ thư")

    def __str__(self):
        return (
            str(_("Máy chủ thư: lỗi từ %(t)s") % {"t": self.down_since})
            if self.down_since
            else str(_("Máy chủ thư: bình thường"))
        )


class TaskHeartbeat(models.Model):
    """What the workers and the beat last did, per task name (written by coordination.monitoring's Celery
    signal handlers): the readiness endpoint and the metrics read it. Counts and times only."""

    task = models.CharField(_("tác vụ"), max_length=200, unique=True)
    runs = models.PositiveBigIntegerField(_("số lần chạy"), default=0)
    failures = models.PositiveBigIntegerField(_("số lần lỗi"), default=0)
    seconds_total = models.FloatField(_("tổng thời gian (giây)"), default=0)
    last_duration = models.FloatField(_("lần gần nhất (giây)"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("chạy xong lúc"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("beat gửi lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("khởi động lúc"), null=True, blank=True)

    class Meta:
        ordering = ["task"]
        verbose_name = _("nhịp tác vụ nền")
        verbose_name_plural = _("nhịp tác vụ nền")

    def __str__(self):
        return self.task
