"""Follow-ups: one row for every deadline of every app (ARCHITECTURE.md rule 4)."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates
from coordination.documents import vn_number
from coordination.statutory_rules import DeadlineCode

from .base import ClosesOwnFollowUps, SearchTextModel
from .bodies import AdministrativeUnit, Body, CoordinationArea, Person

# The follow-up list's "Tất cả" tab: open rows first, by due date, then the others latest due first
# (coordination.filters.followup_tabs orders by these very expressions, which the index below holds, so
# PostgreSQL reads the first page of a national list from the index instead of sorting every row). "open" is
# FollowUp.Status.OPEN, not yet defined here.
ALL_TAB_ORDERING = (
    models.Case(models.When(status="open", then=models.Value(0)), default=models.Value(1)),
    models.Case(models.When(status="open", then=models.F("due_on"))),
    models.F("due_on").desc(),
    models.F("id").desc(),
)


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FollowUp.Status.OPEN)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class FollowUp(SearchTextModel):
    """One thing owed, by whom, by when (ARCHITECTURE.md rule 4). Created and closed only by services."""

    search_bigram_index = "followup_search_bigrams"  # migration 0025

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("nội dung công việc"), max_length=500)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    lead_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="followups_led", verbose_name=_("cơ quan chủ trì")
    )
    cooperating_bodies = models.ManyToManyField(
        Body, blank=True, related_name="followups_cooperating", verbose_name=_("cơ quan phối hợp")
    )
    responsible = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followups",
        verbose_name=_("người chịu trách nhiệm"),
    )
    area = models.ForeignKey(
        CoordinationArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    due_on = models.DateField(_("thời hạn"))
    # The due date before the first extension ("gia hạn", services.followup_extend); None: never extended.
    # A deadline re-dated because its event moved is not an extension and leaves it as it is.
    extended_from = models.DateField(_("thời hạn trước khi gia hạn"), null=True, blank=True, editable=False)
    expected_result = models.TextField(_("kết quả cần đạt"), blank=True)
    source = models.CharField(
        _("căn cứ"), max_length=500, blank=True, help_text=_("Điều, khoản của quy chế hoặc luật")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả, minh chứng"), blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to="followups/%Y/", blank=True)
    # The last reminder step the sweep handled ("d7@2026-05-20", "overdue@…"): lets the sweep skip
    # rows already handled; the outbox key, not this field, is what guarantees exactly-once.
    reminder_step = models.CharField(max_length=40, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("việc cần theo dõi")
        verbose_name_plural = _("việc cần theo dõi")
        indexes = [
            # The list's tab counts read only these two indexes on PostgreSQL (index-only scans): a tab's
            # status and dates, "mine"'s lead body and the subject the door checks (permissions.
            # subjects_visible_q) are all in them.
            models.Index(
                fields=["unit", "status", "due_on"],
                include=["lead_body", "subject_type", "subject_id"],
                name="followup_unit_due",
            ),
            # "Cơ quan tôi phải làm": its rows and its count from this index alone (the unit and the
            # subject the door checks included); with the dependency statistics of migration 0024
            # PostgreSQL walks it instead of AND-ing it with the unit's whole bitmap (a leader's list at
            # 1,000,000 follow-ups: 12.6 → 0.3 ms).
            models.Index(
                fields=["lead_body", "status", "due_on"],
                include=["unit", "subject_type", "subject_id"],
                name="followup_body_due",
            ),
            models.Index(fields=["responsible", "status", "due_on"], name="followup_person_due"),
            models.Index(fields=["subject_type", "subject_id"], name="followup_subject"),
            # A search's counts too (search_text included): a word too short for the trigram index
            # (trigram_search_filter) is then checked in this index, not in the table — at 1,000,000
            # follow-ups "viec so 12"'s "Quá hạn" read 920,000 rows of the table, now 20,000 index entries.
            # search_text is title (500) + source (500), folded: well under a btree entry's 2,704 bytes.
            models.Index(
                fields=["status", "due_on"],
                include=["lead_body", "subject_type", "subject_id", "search_text"],
                name="followup_status_due",
            ),
            # The unit's register (ordered by due date) and the dashboard's aggregates read only this index on
            # PostgreSQL (index-only scans); other databases ignore the included columns.
            models.Index(
                fields=["unit", "due_on", "id"],
                include=["status", "lead_body", "completed_at", "area"],
                name="followup_unit_due_cover",
            ),
            # The list's "Đã hoàn thành" tab (most recent first) and its "Tất cả" tab (ALL_TAB_ORDERING).
            models.Index(fields=["status", "-completed_at", "-id"], name="followup_done_tab"),
            models.Index(*ALL_TAB_ORDERING, name="followup_all_tab"),
            # The admin's changelist, in the model's order: a page of 100 walked, not a million rows sorted.
            models.Index(fields=["due_on", "id"], name="followup_due"),
        ]

    def __str__(self):
        return self.title

    def search_source(self):
        return f"{self.title} {self.source_label}"

    @property
    def source_label(self) -> str:
        """The source as a person reads it. A service that finds its follow-ups again keys them by a deadline
        code, alone or after its prefix (``session:joint_meeting``): that reads as the rule's name; any other
        source is already words (an article of the regulation, a law)."""
        code = self.source.rpartition(":")[2]
        return DeadlineCode(code).label if code in DeadlineCode.values else self.source

    # The deadline may lie ahead; the completion records what was done (services.followup_complete checks it).
    FACT_DATES = ("completed_at",)

    def clean(self):
        check_dates(self)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()

    @property
    def was_on_time(self) -> bool | None:
        if self.status != self.Status.DONE or self.completed_at is None:
            return None
        return timezone.localdate(self.completed_at) <= self.due_on

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_on).days) if self.status == self.Status.OPEN else 0

    def get_absolute_url(self):
        return reverse("followups:detail", args=[self.pk])

    def workflow_url(self) -> str | None:
        """The page where the subject's app closes this follow-up, or None when it is closed on its own
        page."""
        subject = self.subject
        return subject.workflow_url() if isinstance(subject, ClosesOwnFollowUps) else None


# One limit for the words a leader adds to a reminder: a mail's lines, not a letter.
NUDGE_MESSAGE_MAX_CHARS = 500


def check_nudge_message_length(message: str) -> None:
    """Refuse a message past NUDGE_MESSAGE_MAX_CHARS with its length and the limit, before anything is
    saved."""
    if len(message) > NUDGE_MESSAGE_MAX_CHARS:
        raise ValidationError(
            _("Lời nhắn dài %(length)s ký tự, quá giới hạn %(limit)s ký tự: hãy rút gọn.")
            % {"length": vn_number(len(message)), "limit": vn_number(NUDGE_MESSAGE_MAX_CHARS)},
            code="max_length",
        )


class FollowUpNudge(models.Model):
    """A leader's reminder ("đôn đốc") of an overdue follow-up to those who owe it: who, when, what they
    added. At most one a day for a follow-up, so a second click (or a second leader) the same day sends
    nothing more."""

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="nudges", verbose_name=_("việc cần theo dõi")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đôn đốc"),
    )
    on = models.DateField(_("ngày đôn đốc"))
    message = models.TextField(_("lời nhắn"), blank=True, validators=[check_nudge_message_length])
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    FACT_DATES = ("on",)

    class Meta:
        ordering = ["followup", "on"]
        verbose_name = _("lần đôn đốc")
        verbose_name_plural = _("lần đôn đốc")
        constraints = [models.UniqueConstraint(fields=["followup", "on"], name="followup_nudge_once_a_day")]

    def __str__(self):
        return f"{self.followup} — {self.on:%d/%m/%Y}"

    def clean(self):
        check_dates(self)
        check_nudge_message_length(self.message)


# One limit for a comment on a follow-up: a few paragraphs, not a report (the report goes in the outcome).
COMMENT_MAX_CHARS = 2000
# A reason for re-assigning or extending one: kept whole in the history's reason (100 characters).
CHANGE_REASON_MAX_CHARS = 100


def check_comment_length(text: str) -> None:
    """Refuse a comment past COMMENT_MAX_CHARS with its length and the limit, before anything is saved."""
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(
            _("Ý kiến dài %(length)s ký tự, quá giới hạn %(limit)s ký tự: hãy rút gọn.")
            % {"length": vn_number(len(text)), "limit": vn_number(COMMENT_MAX_CHARS)},
            code="max_length",
        )


def check_change_reason_length(reason: str) -> None:
    """Refuse a re-assignment's or an extension's reason past CHANGE_REASON_MAX_CHARS (the history keeps
    that many)."""
    if len(reason) > CHANGE_REASON_MAX_CHARS:
        raise ValidationError(
            _("Lý do dài %(length)s ký tự, quá giới hạn %(limit)s ký tự: hãy rút gọn.")
            % {"length": vn_number(len(reason)), "limit": vn_number(CHANGE_REASON_MAX_CHARS)},
            code="max_length",
        )


class FollowUpComment(models.Model):
    """A comment on a follow-up (a leader's instruction, an officer's progress note): who, when, what.
    Recorded once and never edited; shown on the follow-up's page in order and in its "Lịch sử"
    (services.followup_comment)."""

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="comments", verbose_name=_("việc cần theo dõi")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người cho ý kiến"),
    )
    text = models.TextField(_("ý kiến"), validators=[check_comment_length])
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["followup", "created_at", "id"]
        verbose_name = _("ý kiến về việc cần theo dõi")
        verbose_name_plural = _("ý kiến về việc cần theo dõi")

    def __str__(self):
        return f"{self.followup} — {self.text[:50]}"

    def clean(self):
        check_comment_length(self.text)
