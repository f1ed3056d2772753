"""Supervision missions, the object permissions on them, and their recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates
from coordination.models import Body, ClosesOwnFollowUps, SearchTextModel

# The register's order, latest decision first, and the index that serves it.
MISSION_REGISTER_ORDERING = ["-decision_date", "id"]


class SupervisionMission(SearchTextModel):
    class Kind(models.TextChoices):
        SUPERVISION = "supervision", _("Giám sát")
        SURVEY = "survey", _("Khảo sát")
        RESUPERVISION = "resupervision", _("Tái giám sát")

    kind = models.CharField(
        _("loại hoạt động"), max_length=16, choices=Kind.choices, default=Kind.SUPERVISION
    )
    lead_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="supervisions_led", verbose_name=_("cơ quan chủ trì")
    )
    joint_bodies = models.ManyToManyField(
        Body, blank=True, related_name="supervisions_joined", verbose_name=_("cơ quan phối hợp")
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định"))
    subject = models.CharField(_("nội dung giám sát"), max_length=500)
    supervised_bodies = models.ManyToManyField(
        Body, related_name="supervisions_received", verbose_name=_("cơ quan chịu giám sát")
    )
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervision_teams",
        verbose_name=_("thành viên đoàn"),
    )
    visit_start = models.DateField(_("ngày bắt đầu làm việc trực tiếp"))
    visit_end = models.DateField(_("ngày kết thúc"))
    notified_on = models.DateField(_("ngày thông báo cho cơ quan chịu giám sát"), null=True, blank=True)
    programme_sent_on = models.DateField(_("ngày gửi chương trình làm việc"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo kết quả"), null=True, blank=True)
    findings = models.TextField(_("kết quả giám sát"), blank=True)
    conclusions = models.TextField(_("kết luận"), blank=True)
    rechecks = models.ManyToManyField(
        "Recommendation",
        blank=True,
        related_name="rechecked_by",
        verbose_name=_("kiến nghị được tái giám sát"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = MISSION_REGISTER_ORDERING
        verbose_name = _("đoàn giám sát, khảo sát")
        verbose_name_plural = _("đoàn giám sát, khảo sát")
        indexes = [models.Index(fields=MISSION_REGISTER_ORDERING, name="mission_register")]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit_end__gte=models.F("visit_start")), name="mission_visit_ordered"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def search_source(self):
        return f"{self.subject} {self.decision_number} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("council_sessions:mission_detail", args=[self.pk])

    # The visits are planned and may lie ahead; the decision and the steps record what was done.
    FACT_DATES = ("decision_date", "notified_on", "programme_sent_on", "reported_on")

    def clean(self):
        decision = _("ngày quyết định thành lập đoàn")
        check_dates(self, order=[
            NotBefore("visit_start", self.decision_date, decision),
            NotBefore("visit_end", self.visit_start, _("ngày bắt đầu làm việc trực tiếp")),
            NotBefore("notified_on", self.decision_date, decision),
            NotBefore("programme_sent_on", self.decision_date, decision),
            # The report gives the results of the direct work, so it comes once that work is over.
            NotBefore("reported_on", self.visit_end, _("ngày kết thúc làm việc trực tiếp")),
        ])


class SupervisionMissionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(SupervisionMission, on_delete=models.CASCADE)


class SupervisionMissionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(SupervisionMission, on_delete=models.CASCADE)


class Recommendation(ClosesOwnFollowUps, SearchTextModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Chờ trả lời")
        ANSWERED = "answered", _("Đã trả lời, chờ xác minh")
        DONE = "done", _("Đã thực hiện (đã xác minh)")
        NOT_DONE = "not_done", _("Chưa thực hiện (đã xác minh)")

    mission = models.ForeignKey(
        SupervisionMission,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("đoàn giám sát"),
    )
    addressee = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="supervision_recommendations",
        verbose_name=_("cơ quan thực hiện"),
    )
    content = models.TextField(_("nội dung kiến nghị"))
    due_on = models.DateField(_("thời hạn"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("báo cáo kết quả thực hiện"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận trả lời"),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người xác minh"),
    )
    verified_on = models.DateField(_("ngày xác minh"), null=True, blank=True)
    verification_note = models.TextField(_("ý kiến xác minh"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("kiến nghị sau giám sát")
        verbose_name_plural = _("kiến nghị sau giám sát")
        indexes = [
            models.Index(fields=["mission", "status"]),
            models.Index(fields=["due_on", "id"], name="recommendation_register"),  # the register's order
        ]

    def __str__(self):
        return self.content[:80]

    def search_source(self):
        return self.content

    FACT_DATES = ("answered_on", "verified_on")

    def clean(self):
        # A recommendation comes out of the direct work: neither its deadline nor its answer precede its end.
        mission = getattr(self, "mission", None)  # None on an admin form that has not chosen it yet
        visit_end = mission.visit_end if mission is not None else None
        check_dates(self, order=[
            NotBefore("due_on", visit_end, _("ngày kết thúc làm việc trực tiếp")),
            NotBefore("answered_on", visit_end, _("ngày kết thúc làm việc trực tiếp")),
            # The committee verifies the answer it was given.
            NotBefore("verified_on", self.answered_on, _("ngày trả lời")),
        ])

    @property
    def answered_on_time(self) -> bool | None:
        return None if self.answered_on is None else self.answered_on <= self.due_on

    def workflow_url(self) -> str:
        return self.mission.get_absolute_url()
