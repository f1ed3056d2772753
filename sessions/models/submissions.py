"""Submissions to a session (with their documents and how late they came) and the resolutions adopted."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates
from coordination.models import Body, ClosesOwnFollowUps, SearchTextModel
from coordination.text import to_nfc

from .sessions import Session


def days_past(due_on: date, done_on: date | None) -> int:
    """Days past a due date: on the day it was done, or so far when it still is not."""
    return max(0, ((done_on or timezone.localdate()) - due_on).days)


def timeliness(days_late: int, done_on: date | None, due_on: date | None = None) -> str:
    """What the late badge says, in words (registers, the dossier), naming the deadline it was judged
    against: a session moved later does not turn "Trễ 5 ngày so với hạn 01/12/2026" into "Đúng hạn".
    Without ``due_on`` (a table that prints the deadline beside it) the deadline is not repeated."""
    against = _(" so với hạn %(due)s") % {"due": f"{due_on:%d/%m/%Y}"} if due_on else ""
    if days_late and done_on is None:
        return _("Chưa gửi, trễ %(n)s ngày") % {"n": days_late} + against
    if days_late:
        return _("Trễ %(n)s ngày") % {"n": days_late} + against
    return str(_("Đúng hạn") if done_on else _("Chưa gửi"))


# The register's order, latest session first, and the index that serves it.
SUBMISSION_REGISTER_ORDERING = ["-session_planned_open", "due_on", "id"]


class Submission(ClosesOwnFollowUps, SearchTextModel):
    """A tờ trình with its draft and documents, due a number of days before the session opens."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("kỳ họp")
    )
    title = models.CharField(_("trích yếu tờ trình"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    presenting_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="council_submissions", verbose_name=_("cơ quan trình")
    )
    reviewing_committee = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Ban thẩm tra"),
    )
    due_on = models.DateField(_("hạn gửi tờ trình"))
    review_due_on = models.DateField(_("hạn gửi báo cáo thẩm tra"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày gửi tờ trình"), null=True, blank=True)
    reviewed_on = models.DateField(_("ngày gửi báo cáo thẩm tra"), null=True, blank=True)
    # The session's planned opening, copied here so that the register's order (latest session first, then by
    # due date) walks one index instead of sorting every submission across the join: kept in step by
    # save() (a new submission, one given another session) and Session.save() (a session moved).
    session_planned_open = models.DateField(_("ngày khai mạc dự kiến của kỳ họp"), editable=False)
    # The files (the submission itself, the draft, the review report, others) are SubmissionDocument rows.
    history = HistoricalRecords(excluded_fields=["session_planned_open"])  # a copy of the session's date

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")
        indexes = [models.Index(fields=SUBMISSION_REGISTER_ORDERING, name="submission_register")]

    def __str__(self):
        return self.title

    def search_source(self):
        return f"{self.title} {self.number}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"session", "session_id"} & set(update_fields):
            self.session_planned_open = self._session_planned_open()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "session_planned_open"}
        super().save(*args, **kwargs)

    def _session_planned_open(self) -> date:
        """The opening of the session it belongs to: the one it holds (the form's, the service's), or read."""
        field = self._meta.get_field("session")
        if field.is_cached(self) and self.session is not None and self.session.pk == self.session_id:
            return self.session.planned_open
        return Session.objects.filter(pk=self.session_id).values_list("planned_open", flat=True).get()

    FACT_DATES = ("submitted_on", "reviewed_on")

    def clean(self):
        # The committee reviews what the People's Committee sent: its report does not come first.
        check_dates(self, order=[NotBefore("reviewed_on", self.submitted_on, _("ngày gửi tờ trình"))])

    @property
    def days_late(self) -> int:
        return days_past(self.due_on, self.submitted_on)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @property
    def review_days_late(self) -> int:
        return days_past(self.review_due_on, self.reviewed_on) if self.review_due_on else 0

    @property
    def timeliness(self) -> str:
        return timeliness(self.days_late, self.submitted_on, self.due_on)

    @property
    def timeliness_beside_deadline(self) -> str:
        return timeliness(self.days_late, self.submitted_on)

    @property
    def review_timeliness_beside_deadline(self) -> str:
        return timeliness(self.review_days_late, self.reviewed_on) if self.review_due_on else ""

    @property
    def review_timeliness(self) -> str:
        """Empty when no committee reviews the submission."""
        return (
            timeliness(self.review_days_late, self.reviewed_on, self.review_due_on)
            if self.review_due_on
            else ""
        )

    def workflow_url(self) -> str:
        # Recording the submission and the review report (submission_record, submission_review_record) close
        # its two follow-ups, from the session's page.
        return self.session.get_absolute_url()


class SubmissionDocument(models.Model):
    """The draft resolution and supporting documents that accompany a submission."""

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Tờ trình")
        DRAFT = "draft", _("Dự thảo nghị quyết")
        REVIEW = "review", _("Báo cáo thẩm tra")
        OTHER = "other", _("Tài liệu khác")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="documents", verbose_name=_("tờ trình")
    )
    kind = models.CharField(_("loại tài liệu"), max_length=16, choices=Kind.choices, default=Kind.DRAFT)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to="sessions/documents/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "kind", "id"]
        verbose_name = _("tài liệu kèm tờ trình")
        verbose_name_plural = _("tài liệu kèm tờ trình")

    def __str__(self):
        return self.title


class Resolution(SearchTextModel):
    number = models.CharField(
        _("số, ký hiệu"), max_length=64, help_text=_("Ví dụ 25/NQ-HĐND hoặc 10/2016/NQ-HĐND")
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    council = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="council_resolutions", verbose_name=_("HĐND")
    )
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions",
        verbose_name=_("kỳ họp"),
    )
    adopted_on = models.DateField(_("ngày thông qua"))
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True)
    replaces = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("thay thế nghị quyết"),
    )
    file = models.FileField(_("tệp nghị quyết"), upload_to="sessions/resolutions/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "number"]
        verbose_name = _("nghị quyết")
        verbose_name_plural = _("nghị quyết")
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="resolution_number_once_per_council")
        ]

    def __str__(self):
        return f"Nghị quyết số {self.number}"

    def search_source(self):
        return f"{self.number} {self.title} {self.field}"

    def get_absolute_url(self):
        return reverse("council_sessions:resolution_detail", args=[self.pk])

    FACT_DATES = ("adopted_on",)  # it may take effect later

    def clean(self):
        check_dates(
            self,
            order=[
                NotBefore(
                    "adopted_on",
                    self.session.opening_date if self.session_id else None,
                    _("ngày khai mạc kỳ họp"),
                ),
                NotBefore("effective_on", self.adopted_on, _("ngày thông qua")),
            ],
        )

    def save(self, *args, **kwargs):
        self.number = to_nfc(self.number).strip()
        self.title = to_nfc(self.title).strip()
        super().save(*args, **kwargs)
