"""The year's coordination plans ("5 rõ"): a unit's plan that implements a regulation, its tasks (each opens a
FollowUp in coordination), their changes, and the review conferences held on it.

Plans tie a regulation to the events of sessions and voters, so they live on the top floor (README,
"Architecture"). The tables kept their names when the models moved here from coordination.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates
from coordination.models import AdministrativeUnit, Body, CoordinationArea, FollowUp, Person


class CoordinationPlan(models.Model):
    """The year's coordination plan (kế hoạch phối hợp năm) that implements a regulation."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="coordination_plans",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    # PROTECT: a plan's tasks cite the regulation's articles, so deleting it must not silently unlink them.
    regulation = models.ForeignKey(
        "regulations.Regulation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_plans",
        verbose_name=_("quy chế"),
    )
    regulation_title = models.CharField(_("quy chế được thực hiện"), max_length=300, blank=True)
    parties = models.ManyToManyField(
        Body, blank=True, related_name="coordination_plans", verbose_name=_("các bên")
    )
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    history = HistoricalRecords(table_name="coordination_historicalcoordinationplan")

    class Meta:
        db_table = "coordination_coordinationplan"  # created by coordination, kept when the model moved here
        ordering = ["-year", "unit__name"]
        verbose_name = _("kế hoạch phối hợp")
        verbose_name_plural = _("kế hoạch phối hợp")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="plan_once_per_unit_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])

    FACT_DATES = ("signed_on",)

    def clean(self):
        check_dates(self)


class PlanTask(models.Model):
    """One task of a plan with the "5 rõ": who, what, by when, expected result, accountability.

    Its deadline and status live in the FollowUp it opens (subject = this task).
    """

    plan = models.ForeignKey(
        CoordinationPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("kế hoạch")
    )
    title = models.CharField(_("rõ việc"), max_length=500)
    lead_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="plan_tasks", verbose_name=_("cơ quan chủ trì")
    )
    cooperating_bodies = models.ManyToManyField(
        Body, blank=True, related_name="+", verbose_name=_("cơ quan phối hợp")
    )
    responsible = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_tasks",
        verbose_name=_("rõ người"),
    )
    due_on = models.DateField(_("rõ tiến độ (thời hạn)"))
    schedule = models.CharField(_("lịch thực hiện"), max_length=300, blank=True)
    expected_result = models.TextField(_("rõ hiệu quả (kết quả cần đạt)"), blank=True)
    accountability = models.CharField(_("rõ trách nhiệm"), max_length=500, blank=True)
    area = models.ForeignKey(
        CoordinationArea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    source = models.CharField(_("căn cứ"), max_length=500, blank=True)
    # Makes generation idempotent: "obligation:12:2026-05-15" or
    # "event:council_sessions.session:7:obligation:3".
    origin_key = models.CharField(_("nguồn phát sinh"), max_length=200, blank=True)
    conference = models.ForeignKey(
        "ReviewConference", null=True, blank=True, on_delete=models.SET_NULL, related_name="new_tasks",
        verbose_name=_("giao tại hội nghị"),
    )
    followup = models.OneToOneField(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_task", editable=False
    )
    history = HistoricalRecords(table_name="coordination_historicalplantask")

    class Meta:
        db_table = "coordination_plantask"
        ordering = ["due_on", "id"]
        verbose_name = _("nhiệm vụ kế hoạch")
        verbose_name_plural = _("nhiệm vụ kế hoạch")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "origin_key"], condition=~Q(origin_key=""), name="plantask_origin_once"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return (
            reverse("followups:detail", args=[self.followup_id])
            if self.followup_id
            else self.plan.get_absolute_url()
        )


class PlanTaskChange(models.Model):
    """Assignment, re-assignment (with reason), extension (with reason and approver), completion."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Giao việc")
        REASSIGNED = "reassigned", _("Giao lại")
        EXTENDED = "extended", _("Gia hạn")
        COMPLETED = "completed", _("Hoàn thành")

    task = models.ForeignKey(
        PlanTask, on_delete=models.CASCADE, related_name="changes", verbose_name=_("nhiệm vụ")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    from_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("từ người")
    )
    to_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cho người"),
    )
    old_due_on = models.DateField(_("thời hạn cũ"), null=True, blank=True)
    new_due_on = models.DateField(_("thời hạn mới"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    approved_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người phê duyệt"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        db_table = "coordination_plantaskchange"
        ordering = ["at", "id"]
        verbose_name = _("thay đổi nhiệm vụ")
        verbose_name_plural = _("thay đổi nhiệm vụ")

    def __str__(self):
        return f"{self.get_kind_display()} — {self.task}"


class ReviewConference(models.Model):
    """Giao ban, sơ kết, tổng kết: a snapshot of the figures, the conclusions, and new tasks."""

    class Kind(models.TextChoices):
        ROUTINE = "giao_ban", _("Giao ban")
        INTERIM = "so_ket", _("Sơ kết")
        ANNUAL = "tong_ket", _("Tổng kết")

    plan = models.ForeignKey(
        CoordinationPlan, on_delete=models.CASCADE, related_name="conferences", verbose_name=_("kế hoạch")
    )
    kind = models.CharField(_("loại hội nghị"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("ngày tổ chức"))
    title = models.CharField(_("tên hội nghị"), max_length=300)
    figures = models.JSONField(_("số liệu tại thời điểm họp"), default=dict, blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    history = HistoricalRecords(table_name="coordination_historicalreviewconference")

    class Meta:
        db_table = "coordination_reviewconference"
        ordering = ["-held_on"]
        verbose_name = _("hội nghị đánh giá")
        verbose_name_plural = _("hội nghị đánh giá")

    FACT_DATES = ("held_on",)  # its figures are a snapshot taken the day it was held

    def __str__(self):
        return self.title

    def clean(self):
        check_dates(self)
