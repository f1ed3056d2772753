from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coordination.date_inputs import DayField
from coordination.documents import vn_number
from coordination.models import (
    CHANGE_REASON_MAX_CHARS,
    COMMENT_MAX_CHARS,
    NUDGE_MESSAGE_MAX_CHARS,
    AdministrativeUnit,
    ApiToken,
    Body,
    CoordinationArea,
    NotificationPreference,
    Person,
)
from coordination.models.followups import (
    check_change_reason_length,
    check_comment_length,
    check_nudge_message_length,
)
from coordination.uploads import EVIDENCE_TYPES, check_upload


def apply_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's (or a model's ``clean()``) ValidationError on the field it names, or above the
    form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class FollowUpNudgeForm(forms.Form):
    message = forms.CharField(
        label=_("Lời nhắn kèm theo (không bắt buộc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[check_nudge_message_length],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = _("Tối đa %(limit)s ký tự.") % {
            "limit": vn_number(NUDGE_MESSAGE_MAX_CHARS)}


class FollowUpCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Ý kiến"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[check_comment_length],
        error_messages={"required": _("Ý kiến: vui lòng ghi nội dung.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("Gửi tới người chịu trách nhiệm và cán bộ của cơ quan chủ trì; "
                                          "tối đa %(limit)s ký tự.") % {"limit": vn_number(COMMENT_MAX_CHARS)}


def _reason_field(label, required_message):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[check_change_reason_length],
        help_text=_("Tối đa %(limit)s ký tự; ghi vào lịch sử của việc.") % {
            "limit": vn_number(CHANGE_REASON_MAX_CHARS)},
        error_messages={"required": required_message},
    )


class FollowUpReassignForm(forms.Form):
    """Another lead body and/or responsible person, of the follow-up's own unit only. A follow-up closed on
    its subject's page (a petition's answer) keeps its lead body: only the person changes."""

    prefix = "reassign"  # beside the extension's form on the follow-up's page: its own ids

    lead_body = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"),
        queryset=Body.objects.none(),
        error_messages={
            "required": _("Cơ quan chủ trì: vui lòng chọn."),
            "invalid_choice": _("Cơ quan chủ trì: chỉ chọn cơ quan của đơn vị này."),
        },
    )
    responsible = forms.ModelChoiceField(
        label=_("Người chịu trách nhiệm"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Người chịu trách nhiệm: vui lòng chọn người."),
            "invalid_choice": _("Người chịu trách nhiệm: chỉ chọn người của đơn vị này."),
        },
    )
    reason = _reason_field(_("Lý do giao lại"), _("Lý do giao lại: bắt buộc phải ghi lý do."))

    def __init__(self, *args, followup, **kwargs):
        from coordination.queries import people_of_unit

        kwargs.setdefault(
            "initial", {"lead_body": followup.lead_body_id, "responsible": followup.responsible_id}
        )
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(unit_id=followup.unit_id, active_to__isnull=True)
        if followup.workflow_url() is not None:
            bodies = Body.objects.filter(pk=followup.lead_body_id)
        bodies = bodies.order_by("kind", "name")
        self.fields["lead_body"].queryset = bodies
        self.fields["responsible"].queryset = people_of_unit(followup.unit_id)


class FollowUpExtendForm(forms.Form):
    prefix = "extend"
    due_on = DayField(
        label=_("Thời hạn mới"), error_messages={"required": _("Thời hạn mới: vui lòng nhập ngày.")}
    )
    reason = _reason_field(_("Lý do gia hạn"), _("Lý do gia hạn: bắt buộc phải ghi lý do."))


class FollowUpCompleteForm(forms.Form):
    outcome = forms.CharField(
        label=_("Kết quả thực hiện, minh chứng"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Kết quả thực hiện: vui lòng ghi kết quả trước khi báo hoàn thành.")},
    )
    evidence = forms.FileField(
        label=_("Tệp minh chứng (không bắt buộc)"),
        required=False,
        help_text=_("PDF, Word, Excel hoặc ảnh; tối đa %(mb)s MB") % {"mb": settings.MAX_UPLOAD_MB},
    )

    def clean_evidence(self):
        # By extension and content (an HTML page named .pdf is refused), through the shared check.
        return check_upload(
            self.cleaned_data.get("evidence"),
            label=_("Tệp minh chứng"),
            allowed=EVIDENCE_TYPES,
            messages={
                "type": _("Tệp minh chứng: chỉ nhận PDF, Word, Excel, ODT hoặc ảnh JPG/PNG."),
                "size": _("Tệp minh chứng: quá %(mb)s MB."),
            },
        )


class PreferenceForm(forms.ModelForm):
    digest_hour = forms.IntegerField(
        label=_("Giờ gửi (0–23)"),
        min_value=0,
        max_value=23,
        error_messages={
            "min_value": _("Giờ gửi: từ 0 đến 23."),
            "max_value": _("Giờ gửi: từ 0 đến 23."),
            "invalid": _("Giờ gửi: nhập một số từ 0 đến 23."),
        },
    )

    class Meta:
        model = NotificationPreference
        fields = ["digest_frequency", "digest_weekday", "digest_hour"]
        widgets = {"digest_frequency": forms.RadioSelect}


class DashboardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=None
    )
    period = forms.ChoiceField(label=_("Kỳ"), required=False)
    body = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Body.objects.none(), required=False, empty_label=_("Tất cả")
    )
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=CoordinationArea.objects.all(), required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args, units, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name")
        self.fields["period"].choices = periods
        self.fields["body"].queryset = Body.objects.filter(unit__in=units).order_by(
            "unit__name", "kind", "name"
        )


class ImplementationReportForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=AdministrativeUnit.objects.none(),
        error_messages={
            "required": _("Đơn vị: vui lòng chọn."),
            "invalid_choice": _("Đơn vị: không hợp lệ."),
        },
    )
    period = forms.CharField(
        label=_("Kỳ báo cáo"), error_messages={"required": _("Kỳ báo cáo: vui lòng chọn.")}
    )
    output = forms.ChoiceField(
        label=_("Định dạng"), choices=[("pdf", "PDF"), ("docx", "Word (DOCX)")], initial="pdf"
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_period(self):
        from coordination.queries import parse_period

        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class CredentialForm(forms.Form):
    """A signing certificate: a PKCS#12 file and its passphrase (opened once, never kept), and an image
    (a leader's signature, a body's seal) in PNG with a transparent background."""

    certificate = forms.FileField(label=_("Tệp chứng thư số (.p12, .pfx)"))
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp"), widget=forms.PasswordInput, required=False, strip=False
    )
    image = forms.FileField(label=_("Ảnh chữ ký (PNG, nền trong suốt)"), required=False)

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        if upload.size > 100 * 1024:
            raise forms.ValidationError(
                _("Tệp chứng thư số: tệp “%(name)s” quá lớn cho một chứng thư.") % {"name": upload.name}
            )
        if not upload.name.lower().endswith((".p12", ".pfx")):
            raise forms.ValidationError(_("Tệp chứng thư số: chỉ nhận tệp .p12 hoặc .pfx."))
        return upload

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload is None:
            return upload
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(b"\x89PNG\r\n\x1a\n") or upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Ảnh chữ ký: chỉ nhận ảnh PNG dưới 2 MB."))
        return upload


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa"), max_length=100,
                           help_text=_("Để nhận ra khóa, ví dụ «Phần mềm quản lý văn bản»."))
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_on = DayField(label=_("Hết hạn ngày (không bắt buộc)"), required=False)


class ApiTokenRenameForm(forms.Form):
    name = forms.CharField(label=_("Tên khóa"), max_length=100)
