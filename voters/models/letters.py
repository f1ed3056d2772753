"""Complaint and denunciation letters and the protected identity of a denouncer, with its access log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.dates import check_dates, refuse_before, refuse_future
from coordination.models import Body, ClosesOwnFollowUps, SearchTextModel
from voters.redaction import identifying_strings


class LetterKind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    RECOMMENDATION = "recommendation", _("Kiến nghị")
    REPORT = "report", _("Phản ánh")


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý, đang giải quyết")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    RESOLVED = "resolved", _("Đã giải quyết")
    REJECTED = "rejected", _("Không đủ điều kiện xử lý")


class Letter(ClosesOwnFollowUps, SearchTextModel):
    """A letter. Who sent a denunciation is NOT here: see DenouncerIdentity, which few may read."""

    class Channel(models.TextChoices):
        POST = "post", _("Bưu điện")
        IN_PERSON = "in_person", _("Trực tiếp")
        RECEPTION = "reception", _("Qua tiếp công dân")
        FORWARDED = "forwarded", _("Cơ quan khác chuyển đến")
        ONLINE = "online", _("Cổng thông tin điện tử")

    handling_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan xử lý")
    )
    number = models.CharField(_("số đơn"), max_length=32)
    received_on = models.DateField(_("ngày nhận"))
    channel = models.CharField(_("nguồn đơn"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("loại đơn"), max_length=16, choices=LetterKind.choices)
    content = models.TextField(_("nội dung tóm tắt"))
    classification = models.CharField(_("phân loại"), max_length=300, blank=True)
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    is_second_complaint = models.BooleanField(_("khiếu nại lần hai"), default=False)
    eligible = models.BooleanField(_("đủ điều kiện xử lý"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("chuyển đến")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    due_on = models.DateField(_("hạn xử lý hiện tại"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    closed_on_time = models.BooleanField(_("kết thúc đúng hạn"), null=True, blank=True)
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    # The texts are redacted before every save (services.letter_register, letter_redact), so each version
    # kept here is redacted too; the folded search copy is left out: one copy fewer to protect.
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        constraints = [
            models.UniqueConstraint(fields=["handling_body", "number"], name="letter_number_per_body")
        ]
        indexes = [models.Index(fields=["handling_body", "status", "due_on"], name="letter_register")]

    def __str__(self):
        # Never the identity: this string reaches logs, error reports and admin pages.
        return f"Đơn số {self.number}"

    def search_source(self):
        return f"{self.number} {self.content} {self.classification}"

    def get_absolute_url(self):
        return reverse("voters:letter_detail", args=[self.pk])

    FACT_DATES = ("received_on",)

    def clean(self):
        check_dates(self)

    def check_handled_on(self, on, *, label) -> None:
        """The day the letter is accepted, forwarded or closed (kept on its follow-up, not on the letter):
        not after today, not before the letter was received."""
        refuse_future(on, field="on", label=label)
        refuse_before(on, self.received_on, field="on", label=label, bound_label=_("ngày nhận đơn"))

    @property
    def is_overdue(self) -> bool:
        open_statuses = (LetterStatus.RECEIVED, LetterStatus.ACCEPTED)
        return self.status in open_statuses and self.due_on is not None and self.due_on < timezone.localdate()


class DenouncerIdentity(models.Model):
    """Who denounced: readable only by the handler and leaders granted view_denounceridentity on THIS row.

    No HistoricalRecords on purpose: a history table would be one more copy to protect.
    """

    # No admin page lists, filters, searches, sorts or counts by these (coordination/confidential.py).
    confidential_fields = ("full_name", "address", "contact", "other_details")

    letter = models.OneToOneField(
        Letter, on_delete=models.CASCADE, related_name="identity", verbose_name=_("đơn thư")
    )
    full_name = models.CharField(_("họ và tên người tố cáo"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    contact = models.CharField(_("điện thoại, thư điện tử"), max_length=200, blank=True)
    other_details = models.TextField(
        _("thông tin nhận dạng khác"),
        blank=True,
        help_text=_(
            "Mỗi chi tiết một dòng, chỉ ghi chính chi tiết đó (ví dụ: Kế toán Công ty Hòa Bình; 38A-123.45)"
        ),
    )

    class Meta:
        verbose_name = _("thông tin người tố cáo (bảo mật)")
        verbose_name_plural = _("thông tin người tố cáo (bảo mật)")

    def __str__(self):
        return f"Thông tin bảo mật của đơn {self.letter_id}"

    def __repr__(self):
        return f"<DenouncerIdentity letter={self.letter_id}>"

    def identifying_strings(self) -> list[str]:
        return identifying_strings(full_name=self.full_name, address=self.address, contact=self.contact,
                                   other_details=self.other_details)


class DenouncerIdentityUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(DenouncerIdentity, on_delete=models.CASCADE)


class DenouncerIdentityGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(DenouncerIdentity, on_delete=models.CASCADE)


class IdentityAccessLog(models.Model):
    """One row per reading of a denouncer's identity, and per grant or revocation of access: who, when,
    why."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem thông tin")
        GRANT = "grant", _("Cấp quyền xem")
        REVOKE = "revoke", _("Thu hồi quyền xem")

    identity = models.ForeignKey(
        DenouncerIdentity, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("hồ sơ")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người truy cập")
    )
    action = models.CharField(_("hành động"), max_length=8, choices=Action.choices, default=Action.VIEW)
    reason = models.CharField(_("lý do"), max_length=300)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("nhật ký truy cập thông tin bảo mật")
        verbose_name_plural = _("nhật ký truy cập thông tin bảo mật")

    def __str__(self):
        return f"{self.user_id} {self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
