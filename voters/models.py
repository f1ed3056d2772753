"""Voters and citizens (DOMAIN.md §3): voter-contact rounds and meetings, the opinions raised there,
the petitions compiled from them, citizen reception, and letters with a protected denouncer identity.

Every deadline here is a coordination FollowUp opened by voters/services.py; the due dates stored on
Petition and Letter mirror the open follow-up so that inboxes sort on an indexed column.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.dates import NotBefore, check_dates, future_message, refuse_before, refuse_future
from coordination.models import (
    AdministrativeUnit,
    Body,
    ClosesOwnFollowUps,
    Deputy,
    PlannedThenHeld,
    SearchTextModel,
)
from voters.redaction import identifying_strings


class PetitionField(models.Model):
    """Land, environment, transport, social policy …: an editable taxonomy."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("lĩnh vực"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực kiến nghị")
        verbose_name_plural = _("lĩnh vực kiến nghị")

    def __str__(self):
        return self.name


class VoterContactRound(ClosesOwnFollowUps, SearchTextModel):
    class Timing(models.TextChoices):
        BEFORE = "before", _("Trước kỳ họp")
        AFTER = "after", _("Sau kỳ họp")

    class Kind(models.TextChoices):
        GENERAL = "general", _("Tiếp xúc chung")
        THEMATIC = "thematic", _("Theo chuyên đề")
        SECTOR = "sector", _("Theo lĩnh vực, ngành nghề")

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    title = models.CharField(_("tên đợt"), max_length=300)
    timing = models.CharField(_("trước/sau kỳ họp"), max_length=8, choices=Timing.choices)
    council_session = models.ForeignKey(
        "council_sessions.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="voter_rounds",
        verbose_name=_("kỳ họp HĐND"),
    )
    # Rounds recorded before sessions were kept as rows had only this text; shown when no session is linked.
    session_label = models.CharField(_("kỳ họp HĐND (ghi chú cũ)"), max_length=200, blank=True)
    na_session_number = models.PositiveSmallIntegerField(_("kỳ họp Quốc hội số"), null=True, blank=True)
    organiser = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì (Mặt trận)"))
    cooperating = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan phối hợp (Thường trực HĐND)")
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    compiled_at = models.DateTimeField(_("hoàn tất tổng hợp lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("đợt tiếp xúc cử tri")
        verbose_name_plural = _("đợt tiếp xúc cử tri")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="voter_round_dates_ordered")]

    def __str__(self):
        return self.title

    def search_source(self):
        return f"{self.title} {self.council_session_display}"

    def get_absolute_url(self):
        return reverse("voters:round_detail", args=[self.pk])

    # The round's days are planned and may lie ahead; the compilation records what was done.
    FACT_DATES = ("compiled_at",)

    def clean(self):
        # Also run by services.round_create and round_move, so that the admin and the pages refuse the same thing.
        errors = {}
        session = self.council_session
        if session is not None and session.council.unit_id != self.unit_id:
            errors["council_session"] = _(
                "Kỳ họp HĐND: «%(session)s» là kỳ họp của %(other)s, không phải của %(unit)s."
            ) % {"session": session, "other": session.council.unit, "unit": self.unit}
        check_dates(self, order=[NotBefore("ends_on", self.starts_on, _("ngày bắt đầu đợt"))], extra=errors)

    @property
    def council_session_display(self) -> str:
        return str(self.council_session) if self.council_session_id else self.session_label

    @property
    def session_display(self) -> str:
        parts = [self.council_session_display] if self.council_session_display else []
        if self.na_session_number:
            parts.append(f"Kỳ họp thứ {self.na_session_number} của Quốc hội")
        return "; ".join(parts)


class VoterMeeting(PlannedThenHeld, SearchTextModel):
    """A meeting point of a round: scheduled ahead (``planned_on``, in the calendar), recorded once held."""

    round = models.ForeignKey(VoterContactRound, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("đợt"))
    planned_on = models.DateField(_("ngày tiếp xúc dự kiến"))
    held_on = models.DateField(_("ngày tiếp xúc"), null=True, blank=True, help_text=_("Để trống khi hội nghị chưa diễn ra"))
    place_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn (xã, phường)")
    )
    address = models.CharField(_("địa điểm"), max_length=300)
    deputies = models.ManyToManyField(Deputy, blank=True, related_name="voter_meetings", verbose_name=_("đại biểu tham dự"))
    voters_attending = models.PositiveIntegerField(_("số cử tri tham dự"), default=0)
    officials_answering = models.TextField(_("lãnh đạo trả lời tại hội nghị"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("hội nghị tiếp xúc cử tri")
        verbose_name_plural = _("hội nghị tiếp xúc cử tri")

    FACT_DATES = ("held_on",)

    def __str__(self):
        return f"{self.address} ({self.day:%d/%m/%Y})" if self.day else self.address

    def clean(self):
        check_dates(self)

    def search_source(self):
        return self.address

    def get_absolute_url(self):
        return reverse("voters:meeting_detail", args=[self.pk])


class Opinion(SearchTextModel):
    """One opinion as voiced at one meeting; compiled into a Petition, never deleted by a merge."""

    meeting = models.ForeignKey(VoterMeeting, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("hội nghị"))
    content = models.TextField(_("nội dung ý kiến, kiến nghị"))
    raised_by = models.CharField(_("cử tri nêu ý kiến"), max_length=200, blank=True)
    answered_on_spot = models.BooleanField(_("đã trả lời tại hội nghị"), default=False)
    petition = models.ForeignKey(
        "Petition", null=True, blank=True, on_delete=models.SET_NULL, related_name="opinions", verbose_name=_("kiến nghị tổng hợp")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("ý kiến cử tri")
        verbose_name_plural = _("ý kiến cử tri")

    def __str__(self):
        return self.content[:80]

    def search_source(self):
        return self.content

    def clean(self):
        # Voters raise opinions at a meeting that took place: none for one only scheduled.
        meeting = getattr(self, "meeting", None)  # None on an admin form that has not chosen it yet
        if meeting is not None and not meeting.is_held:
            raise ValidationError({"meeting": _(
                "Hội nghị tiếp xúc cử tri dự kiến ngày %(day)s chưa diễn ra: ghi nhận hội nghị đã họp trước khi "
                "ghi ý kiến cử tri.") % {"day": f"{meeting.planned_on:%d/%m/%Y}"}})


class Competence(models.TextChoices):
    CENTRAL = "central", _("Trung ương (chuyển qua Đoàn ĐBQH)")
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class PetitionStatus(models.TextChoices):
    COMPILING = "compiling", _("Đang tổng hợp")
    FORWARDED = "forwarded", _("Đã chuyển, chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời, chờ đánh giá")
    SATISFIED = "satisfied", _("Trả lời đạt yêu cầu")
    REOPENED = "reopened", _("Mở lại (chưa đạt hoặc quá hạn)")
    MERGED = "merged", _("Đã gộp vào kiến nghị khác")


class ResultCategory(models.TextChoices):
    RESOLVED = "resolved", _("Đã giải quyết xong")
    IN_PROGRESS = "in_progress", _("Đang nghiên cứu, tiếp thu để giải quyết")
    EXPLAINED = "explained", _("Giải trình, cung cấp thông tin")


# Statuses in which the agency still owes an answer: the inbox shows these.
OWED_STATUSES = (PetitionStatus.FORWARDED, PetitionStatus.REOPENED)


class Petition(ClosesOwnFollowUps, SearchTextModel):
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    round = models.ForeignKey(VoterContactRound, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("đợt tiếp xúc"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    title = models.CharField(_("nội dung kiến nghị (tóm tắt)"), max_length=500)
    content = models.TextField(_("nội dung đầy đủ"), blank=True)
    field = models.ForeignKey(PetitionField, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực"))
    competence = models.CharField(_("thẩm quyền"), max_length=16, choices=Competence.choices, blank=True)
    agency = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("cơ quan giải quyết")
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=PetitionStatus.choices, default=PetitionStatus.COMPILING)
    received_on = models.DateField(_("ngày chuyển cơ quan"), null=True, blank=True)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    category = models.CharField(_("kết quả"), max_length=16, choices=ResultCategory.choices, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answer_document = models.CharField(_("văn bản trả lời (số, ký hiệu)"), max_length=100, blank=True)
    # Served only by views.petition_answer_file, through the petition's door (no public /media/).
    answer_file = models.FileField(_("tệp văn bản trả lời"), upload_to="voters/answers/%Y/", blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    roadmap = models.TextField(_("lộ trình giải quyết"), blank=True)
    new_deadline = models.DateField(_("thời hạn giải quyết mới"), null=True, blank=True)
    verdict_note = models.TextField(_("nhận xét đánh giá"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from", verbose_name=_("đã gộp vào")
    )
    recurring_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="recurrences", verbose_name=_("tái diễn của kiến nghị")
    )
    is_recurring = models.BooleanField(_("kiến nghị tái diễn (đề xuất chất vấn)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("kiến nghị cử tri")
        verbose_name_plural = _("kiến nghị cử tri")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="petition_number_per_round")]
        indexes = [
            # The inbox reads "what this agency owes, soonest first": a partial index walked in order
            # (LIMIT stops early) and covering unit_id so that counting it is an index-only scan; covering
            # the search text too, a search inside one agency's petitions reads no heap row it discards.
            models.Index(fields=["agency", "due_on", "id"], condition=Q(status__in=list(OWED_STATUSES)),
                         include=["unit", "search_text"], name="petition_owed_inbox"),
            models.Index(fields=["agency", "due_on", "id"], include=["unit", "status", "search_text"],
                         name="petition_agency_due"),
            # A search with many matches walks this index in the register's order; covering the filtered
            # columns makes that an index-only scan, with no heap read for the rows that do not match.
            models.Index(fields=["due_on", "id"], include=["unit", "agency", "status", "search_text"], name="petition_due"),
        ]

    def __str__(self):
        return f"KN {self.number}: {self.title[:80]}"

    def search_source(self):
        return f"{self.title} {self.content}"

    def get_absolute_url(self):
        return reverse("voters:petition_detail", args=[self.pk])

    FACT_DATES = ("received_on", "answered_on")

    def clean(self):
        # The agency answers what was forwarded to it: never before the day it was routed.
        check_dates(self, order=[NotBefore("answered_on", self.received_on, _("ngày chuyển cơ quan"))])

    @property
    def is_overdue(self) -> bool:
        return self.status in OWED_STATUSES and self.due_on is not None and self.due_on < timezone.localdate()


class MergeProposal(models.Model):
    """"This opinion looks like that petition": a person accepts or rejects; nothing merges by itself."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        ACCEPTED = "accepted", _("Đã đồng ý gộp")
        REJECTED = "rejected", _("Không gộp")

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("ý kiến"))
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("kiến nghị"))
    score = models.FloatField(_("độ tương đồng"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người quyết định")
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("đề xuất gộp ý kiến")
        verbose_name_plural = _("đề xuất gộp ý kiến")
        constraints = [models.UniqueConstraint(fields=["opinion", "petition"], name="proposal_once_per_pair")]

    def __str__(self):
        return f"Ý kiến {self.opinion_id} → KN {self.petition_id} ({self.score:.0%})"


# --- Citizen reception ------------------------------------------------------------------------


class ReceptionDay(SearchTextModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Tiếp công dân định kỳ")
        JOINT = "joint", _("Ngày tiếp công dân chung theo quy chế")
        DEPUTY = "deputy", _("Đại biểu tiếp công dân")

    host_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tiếp"))
    receiver = models.CharField(_("người tiếp"), max_length=200, help_text=_("Ví dụ: Chủ tịch UBND tỉnh"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    day = models.DateField(_("ngày tiếp"))
    place = models.CharField(_("địa điểm"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "id"]
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")

    def __str__(self):
        return f"{self.receiver} — {self.day:%d/%m/%Y}"

    def search_source(self):
        return f"{self.receiver} {self.place}"

    def get_absolute_url(self):
        return reverse("voters:reception_detail", args=[self.pk])


class ReplyKind(models.TextChoices):
    ACCEPTED = "accepted", _("Thụ lý")
    EXTENDED = "extended", _("Gia hạn")
    REFUSED = "refused", _("Từ chối (không thụ lý)")
    FORWARDED = "forwarded", _("Chuyển cơ quan có thẩm quyền")


class ReceptionVisit(ClosesOwnFollowUps, SearchTextModel):
    reception = models.ForeignKey(ReceptionDay, on_delete=models.CASCADE, related_name="visits", verbose_name=_("buổi tiếp"))
    citizens = models.CharField(_("công dân đến"), max_length=300)
    citizen_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    content = models.TextField(_("nội dung trình bày"))
    outcome = models.TextField(_("ý kiến người tiếp"), blank=True)
    due_on = models.DateField(_("hạn trả lời"))
    reply = models.CharField(_("trả lời công dân"), max_length=16, choices=ReplyKind.choices, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("lượt tiếp công dân")

    def workflow_url(self) -> str:
        # The reply to a visit is recorded on its reception day's page.
        return self.reception.get_absolute_url()

    FACT_DATES = ("replied_on",)

    def clean(self):
        # A visit is logged at a reception that took place, and the reply follows the visit.
        reception = getattr(self, "reception", None)  # None on an admin form that has not chosen it yet
        day = reception.day if reception is not None else None
        not_held = future_message(day, label=_("ngày tiếp công dân")) if day else None
        check_dates(self, order=[NotBefore("replied_on", day, _("ngày tiếp công dân"))],
                    extra={"reception": not_held} if not_held else None)

    def get_absolute_url(self):
        return f"{self.reception.get_absolute_url()}#luot-{self.pk}"

    @property
    def reply_status(self) -> str:
        """Owed until a final reply (an extension still owes one); overdue once its due date passed."""
        if self.reply and self.reply != ReplyKind.EXTENDED:
            return _("Đã trả lời")
        return _("Quá hạn trả lời") if self.due_on < timezone.localdate() else _("Đang chờ trả lời")

    def __str__(self):
        return f"Lượt tiếp {self.pk} ({self.reception.day:%d/%m/%Y})"

    def search_source(self):
        return f"{self.citizens} {self.content}"


# --- Letters and the protected identity of a denouncer ----------------------------------------


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

    handling_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan xử lý"))
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
    status = models.CharField(_("trạng thái"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.RECEIVED)
    due_on = models.DateField(_("hạn xử lý hiện tại"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    closed_on_time = models.BooleanField(_("kết thúc đúng hạn"), null=True, blank=True)
    result = models.TextField(_("kết quả giải quyết"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người xử lý")
    )
    # The texts are redacted before every save (services.letter_register, letter_redact), so each version
    # kept here is redacted too; the folded search copy is left out: one copy fewer to protect.
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("đơn thư")
        verbose_name_plural = _("đơn thư")
        constraints = [models.UniqueConstraint(fields=["handling_body", "number"], name="letter_number_per_body")]
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

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="identity", verbose_name=_("đơn thư"))
    full_name = models.CharField(_("họ và tên người tố cáo"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    contact = models.CharField(_("điện thoại, thư điện tử"), max_length=200, blank=True)
    other_details = models.TextField(_("thông tin nhận dạng khác"), blank=True,
                                     help_text=_("Mỗi chi tiết một dòng, chỉ ghi chính chi tiết đó (ví dụ: Kế toán Công ty Hòa Bình; 38A-123.45)"))

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
    """One row per reading of a denouncer's identity, and per grant or revocation of access: who, when, why."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem thông tin")
        GRANT = "grant", _("Cấp quyền xem")
        REVOKE = "revoke", _("Thu hồi quyền xem")

    identity = models.ForeignKey(DenouncerIdentity, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("hồ sơ"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người truy cập"))
    action = models.CharField(_("hành động"), max_length=8, choices=Action.choices, default=Action.VIEW)
    reason = models.CharField(_("lý do"), max_length=300)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("nhật ký truy cập thông tin bảo mật")
        verbose_name_plural = _("nhật ký truy cập thông tin bảo mật")

    def __str__(self):
        return f"{self.user_id} {self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
