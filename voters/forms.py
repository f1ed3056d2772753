from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.date_inputs import DayField
from coordination.documents import vn_number
from coordination.form_renderer import ModelChoiceField, ModelMultipleChoiceField
from coordination.models import AdministrativeUnit, Body, BodyKind, Deputy, Role
from coordination.uploads import check_document, check_upload
from sessions.models import Session
from voters.models import (
    OPINION_MAX_CHARS,
    Competence,
    Letter,
    LetterKind,
    PetitionField,
    ReceptionDay,
    ReplyKind,
    ResultCategory,
    VoterContactRound,
    check_opinion_length,
)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Tên đợt tiếp xúc"), max_length=300)
    timing = forms.ChoiceField(label=_("Trước/sau kỳ họp"), choices=VoterContactRound.Timing.choices)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=VoterContactRound.Kind.choices)
    council_session = forms.ModelChoiceField(
        label=_("Kỳ họp HĐND"), queryset=Session.objects.none(), required=False
    )
    na_session_number = forms.IntegerField(
        label=_("Kỳ họp Quốc hội số"), required=False, min_value=1, max_value=999
    )
    organiser = forms.ModelChoiceField(label=_("Cơ quan chủ trì (Mặt trận)"), queryset=Body.objects.none())
    cooperating = forms.ModelChoiceField(
        label=_("Cơ quan phối hợp"), queryset=Body.objects.none(), required=False
    )
    starts_on = DayField(label=_("Từ ngày"))
    ends_on = DayField(label=_("Đến ngày"))

    def __init__(self, *args, unit_ids, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(unit_id__in=unit_ids).order_by("name")
        self.fields["organiser"].queryset = bodies.filter(kind=BodyKind.FRONT_BOARD)
        self.fields["cooperating"].queryset = bodies.filter(
            kind__in=[BodyKind.COUNCIL_STANDING, BodyKind.NA_DELEGATION]
        )
        # The units' own sessions are offered; a session of another unit is refused by the service with a
        # message naming both units (a forged POST gets a clear answer, not "invalid choice").
        sessions = Session.objects.select_related("council")
        self.fields["council_session"].queryset = sessions
        offered = sessions.filter(council__unit_id__in=unit_ids).order_by("-planned_open")
        self.fields["council_session"].widget.choices = [("", "---------")] + [
            (s.pk, str(s)) for s in offered
        ]


class MeetingForm(forms.Form):
    """A meeting recorded once held (its day, not after today), or scheduled ahead (only the planned day)."""

    held_on = DayField(label=_("Ngày tiếp xúc"), required=False,
                              help_text=_("Hội nghị đã diễn ra: ngày tiếp xúc. Để trống khi mới lên lịch."))
    planned_on = DayField(label=_("Ngày tiếp xúc dự kiến"), required=False,
                                 help_text=_("Lên lịch hội nghị sắp tới (hiện trên lịch công tác)"))
    place_unit = ModelChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none())
    address = forms.CharField(label=_("Địa điểm"), max_length=300)
    voters_attending = forms.IntegerField(
        label=_("Số cử tri tham dự"), min_value=0, max_value=1_000_000, required=False
    )
    deputies = ModelMultipleChoiceField(
        label=_("Đại biểu tham dự"), queryset=Deputy.objects.none(), required=False
    )
    officials_answering = forms.CharField(
        label=_("Lãnh đạo trả lời tại hội nghị"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place_unit"].queryset = AdministrativeUnit.objects.filter(
            pk=round_.unit_id
        ) | AdministrativeUnit.objects.filter(parent_id=round_.unit_id, valid_to__isnull=True)
        self.fields["deputies"].queryset = Deputy.objects.filter(unit_id=round_.unit_id).select_related(
            "person"
        )

    def clean(self):
        data = super().clean()
        if not data.get("held_on") and not data.get("planned_on") and not self.has_error("held_on"):
            self.add_error(
                "held_on", _("Ngày tiếp xúc: ghi ngày đã tiếp xúc, hoặc ngày tiếp xúc dự kiến khi lên lịch.")
            )
        if (
            data.get("held_on")
            and data.get("voters_attending") is None
            and not self.has_error("voters_attending")
        ):
            self.add_error("voters_attending", _("Số cử tri tham dự: cần ghi khi hội nghị đã diễn ra."))
        data["voters_attending"] = data.get("voters_attending") or 0
        return data


class MeetingHeldForm(forms.Form):
    held_on = DayField(label=_("Ngày tiếp xúc"))
    voters_attending = forms.IntegerField(label=_("Số cử tri tham dự"), min_value=0, max_value=1_000_000)
    officials_answering = forms.CharField(label=_("Lãnh đạo trả lời tại hội nghị"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))


class OpinionForm(forms.Form):
    """Typing a new opinion or correcting one. The box takes the focus on every page that shows it: after a
    save the secretary types the next opinion at once. Over-long text is refused by the server with the limit
    (no ``maxlength``, which would cut a pasted speech silently)."""

    content = forms.CharField(
        label=_("Nội dung ý kiến, kiến nghị"),
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
        validators=[check_opinion_length],
    )
    raised_by = forms.CharField(label=_("Cử tri nêu (không bắt buộc)"), max_length=200, required=False)
    answered_on_spot = forms.BooleanField(label=_("Đã được trả lời tại hội nghị"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].help_text = _("Tối đa %(limit)s ký tự cho một ý kiến.") % {
            "limit": vn_number(OPINION_MAX_CHARS)}


class OpinionImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))
    import_valid = forms.BooleanField(label=_("Nhập các dòng hợp lệ, bỏ qua các dòng lỗi"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Tệp phải có đuôi .xlsx (Excel)."))
        # Content, size and the archive's expansion, before openpyxl reads a byte of it.
        return check_upload(upload, label=_("Tệp Excel"), allowed=("xlsx",), parser_reads_bad_zip=True,
                            messages={"size": _("Tệp lớn hơn %(mb)s MB.")})


class RouteForm(forms.Form):
    title = forms.CharField(label=_("Nội dung kiến nghị (tóm tắt)"), max_length=500)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=PetitionField.objects.all())
    competence = forms.ChoiceField(label=_("Thẩm quyền"), choices=Competence.choices)
    agency = forms.ModelChoiceField(label=_("Cơ quan giải quyết"), queryset=Body.objects.none())
    received_on = DayField(label=_("Ngày chuyển"))

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the bodies of the petition's unit, the unit above it and its communes are offered; any other is
        # refused by the service with a message naming its unit (a forged POST gets a clear answer, not
        # "invalid choice").
        kinds = [BodyKind.AGENCY, BodyKind.PEOPLES_COMMITTEE, BodyKind.NA_DELEGATION]
        self.fields["agency"].queryset = Body.objects.filter(kind__in=kinds).select_related(
            "unit", "unit__parent"
        )
        units = AdministrativeUnit.objects.filter(parent_id=petition.unit_id).values("pk")
        offered = (
            self.fields["agency"]
            .queryset.filter(
                models.Q(unit_id=petition.unit_id)
                | models.Q(unit_id__in=units)
                | models.Q(unit_id=petition.unit.parent_id)
            )
            .order_by("unit__name", "name")
        )
        self.fields["agency"].widget.choices = [("", "---------")] + [
            (b.pk, f"{b.name} ({b.unit})") for b in offered
        ]


class AnswerForm(forms.Form):
    category = forms.ChoiceField(label=_("Kết quả"), choices=ResultCategory.choices, widget=forms.RadioSelect)
    answer_text = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 4}))
    answer_document = forms.CharField(
        label=_("Văn bản trả lời (số, ký hiệu)"), max_length=100, required=False
    )
    answer_file = forms.FileField(label=_("Tệp văn bản trả lời (PDF, DOC, DOCX, ODT)"), required=False)
    answered_on = DayField(label=_("Ngày trả lời"))
    roadmap = forms.CharField(
        label=_("Lộ trình giải quyết"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_deadline = DayField(label=_("Thời hạn giải quyết mới"), required=False)

    def clean_answer_file(self):
        return check_document(self.cleaned_data.get("answer_file"), label=_("Tệp văn bản trả lời"))


class VerifyForm(forms.Form):
    satisfactory = forms.TypedChoiceField(
        label=_("Đánh giá trả lời"),
        choices=[("1", _("Đạt yêu cầu")), ("0", _("Chưa đạt — mở lại kiến nghị"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Gộp vào kiến nghị số"), min_value=1, max_value=1_000_000)


class ReceptionDayForm(forms.Form):
    host_body = forms.ModelChoiceField(label=_("Cơ quan tiếp"), queryset=Body.objects.none())
    receiver = forms.CharField(label=_("Người tiếp"), max_length=200)
    kind = forms.ChoiceField(label=_("Loại"), choices=ReceptionDay.Kind.choices)
    day = DayField(label=_("Ngày tiếp"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300)

    def __init__(self, *args, body_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_body"].queryset = Body.objects.filter(pk__in=body_ids).order_by("name")


class ReceptionScheduleForm(ReceptionDayForm):
    """A year of reception days from a rule (DOMAIN.md §3: the provincial chair at least a day a month, a
    commune chair at least a day a week; the regulation's joint reception day)."""

    MONTHLY, WEEKLY = "monthly", "weekly"
    WEEKDAYS = [(0, _("Thứ Hai")), (1, _("Thứ Ba")), (2, _("Thứ Tư")), (3, _("Thứ Năm")), (4, _("Thứ Sáu"))]

    day = None
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    frequency = forms.ChoiceField(
        label=_("Định kỳ"),
        choices=[(MONTHLY, _("Hằng tháng")), (WEEKLY, _("Hằng tuần"))],
        widget=forms.RadioSelect,
        help_text=_(
            "Chủ tịch UBND tỉnh tiếp ít nhất một ngày mỗi tháng, Chủ tịch UBND xã ít nhất một ngày mỗi tuần. "
            "Ngày trùng ngày nghỉ được chuyển sang ngày làm việc kế tiếp."
        ),
    )
    day_of_month = forms.IntegerField(
        label=_("Ngày trong tháng (tiếp hằng tháng)"), min_value=1, max_value=31, required=False
    )
    weekday = forms.TypedChoiceField(
        label=_("Thứ trong tuần (tiếp hằng tuần)"),
        choices=[("", "—")] + WEEKDAYS,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("frequency") == self.MONTHLY:
            data["weekday"] = None
            if data.get("day_of_month") is None and "day_of_month" not in self.errors:
                self.add_error("day_of_month", _("Ngày trong tháng: cần ghi khi tiếp công dân hằng tháng."))
        elif data.get("frequency") == self.WEEKLY:
            data["day_of_month"] = None
            if data.get("weekday") is None and "weekday" not in self.errors:
                self.add_error("weekday", _("Thứ trong tuần: cần chọn khi tiếp công dân hằng tuần."))
        return data


class VisitForm(forms.Form):
    citizens = forms.CharField(label=_("Công dân đến"), max_length=300)
    citizen_count = forms.IntegerField(label=_("Số người"), min_value=1, max_value=10_000, initial=1)
    content = forms.CharField(label=_("Nội dung trình bày"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(
        label=_("Ý kiến người tiếp"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(label=_("Trả lời công dân"), choices=ReplyKind.choices)
    replied_on = DayField(label=_("Ngày trả lời"))
    new_due_on = DayField(label=_("Hạn trả lời mới (khi gia hạn)"), required=False)


class LetterForm(forms.Form):
    handling_body = forms.ModelChoiceField(label=_("Cơ quan xử lý"), queryset=Body.objects.none())
    number = forms.CharField(label=_("Số đơn"), max_length=32)
    received_on = DayField(label=_("Ngày nhận"))
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=Letter.Channel.choices)
    kind = forms.ChoiceField(label=_("Loại đơn"), choices=[("", "—")] + LetterKind.choices, required=False)
    content = forms.CharField(label=_("Nội dung tóm tắt"), widget=forms.Textarea(attrs={"rows": 3}))
    classification = forms.CharField(label=_("Phân loại"), max_length=300, required=False)
    is_complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    is_second_complaint = forms.BooleanField(label=_("Khiếu nại lần hai"), required=False)
    denouncer_name = forms.CharField(label=_("Họ tên người tố cáo (bảo mật)"), max_length=200, required=False)
    denouncer_address = forms.CharField(
        label=_("Địa chỉ người tố cáo (bảo mật)"), max_length=300, required=False
    )
    denouncer_contact = forms.CharField(
        label=_("Điện thoại, thư điện tử (bảo mật)"), max_length=200, required=False
    )
    denouncer_other = forms.CharField(
        label=_("Thông tin nhận dạng khác (bảo mật)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Mỗi chi tiết một dòng, chỉ ghi chính chi tiết đó (ví dụ: Kế toán Công ty Hòa Bình; 38A-123.45). "
            "Họ tên, địa chỉ, liên hệ và các chi tiết này được che trong nội dung đơn."
        ),
    )

    def __init__(self, *args, body_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_body"].queryset = Body.objects.filter(pk__in=body_ids).order_by("name")

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if not kind:
            raise ValidationError(_("Chọn loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản ánh."))
        return kind

    def clean(self):
        data = super().clean()
        if data.get("kind") == LetterKind.DENUNCIATION and not data.get("denouncer_name", "").strip():
            self.add_error("denouncer_name", _("Đơn tố cáo cần họ tên người tố cáo (được bảo mật)."))
        return data


class LetterActionForm(forms.Form):
    ACTIONS = [("accept", _("Thụ lý")), ("forward", _("Chuyển đơn")), ("extend", _("Gia hạn (tố cáo)")),
               ("resolve", _("Kết thúc: đã giải quyết")), ("reject", _("Kết thúc: không đủ điều kiện"))]
    action = forms.ChoiceField(label=_("Thao tác"), choices=ACTIONS)
    on = DayField(label=_("Ngày"), required=False)
    to_body = forms.ModelChoiceField(label=_("Chuyển đến"), queryset=Body.objects.all(), required=False)
    result = forms.CharField(label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xem thông tin người tố cáo"), max_length=300)


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Người xử lý đơn"), queryset=None,
        error_messages={"invalid_choice": _("Người xử lý đơn phải là cán bộ của cơ quan xử lý đơn.")},
    )

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__body_id=letter.handling_body_id,
                memberships__role__in=(Role.STAFF, Role.LEADER),
            )
            .order_by("username")
        )
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class RevokeForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Người bị thu hồi quyền"), queryset=None, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do thu hồi"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.all()


class GrantForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập của người được phân công / lãnh đạo"), max_length=150)
    reason = forms.CharField(label=_("Lý do"), max_length=300)
