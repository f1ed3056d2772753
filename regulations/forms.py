from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.date_inputs import DayField
from coordination.models import (
    AdministrativeUnit,
    Body,
    BodyKind,
    CoordinationArea,
    DeadlineRule,
    StatutoryRule,
)
from coordination.text import to_nfc
from coordination.uploads import check_upload
from regulations.models import Obligation, Regulation

TOO_BIG = {"size": _("%(field)s: tệp quá lớn (%(size).1f MB); tối đa %(mb)s MB.")}


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị ban hành"), queryset=AdministrativeUnit.objects.none())
    file = forms.FileField(label=_("Tệp văn bản (.docx hoặc .txt)"), required=False)
    text = forms.CharField(
        label=_("Hoặc dán nội dung quy chế"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
    )
    number = forms.CharField(
        label=_("Số, ký hiệu (nếu văn bản không ghi)"), required=False, max_length=100
    )
    warnings_read = forms.BooleanField(
        label=_("Tôi đã đọc các cảnh báo: những dòng được cảnh báo không được đưa vào quy chế"),
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else AdministrativeUnit.objects.none()

    def clean_file(self):
        return check_upload(self.cleaned_data.get("file"), label=_("Tệp văn bản"), allowed=("docx", "txt"),
                            parser_reads_bad_zip=True,
                            messages={**TOO_BIG, "type": _("Tệp văn bản: chỉ nhận tệp .docx hoặc .txt.")})

    def clean(self):
        # The upload itself is checked here; reading and parsing it is the background job's
        # (regulations.imports).
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("Hãy chọn tệp văn bản hoặc dán nội dung quy chế."))
        return cleaned


class ObligationForm(forms.ModelForm):
    deadline_code = forms.ChoiceField(label=_("Thay thế thời hạn theo luật"), required=False)

    class Meta:
        model = Obligation
        fields = Obligation.EDITABLE_FIELDS
        widgets = {
            "action": forms.Textarea(attrs={"rows": 3}),
            "cooperating_bodies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(
            unit_id=self.instance.regulation.unit_id,
            active_to__isnull=True,
            kind__in=[
                BodyKind.NA_DELEGATION,
                BodyKind.COUNCIL_STANDING,
                BodyKind.PEOPLES_COMMITTEE,
                BodyKind.FRONT_BOARD,
                BodyKind.COUNCIL_COMMITTEE,
                BodyKind.OFFICE,
                BodyKind.DEPUTY_GROUP,
                BodyKind.AGENCY,
            ],
        ).order_by("kind", "name")
        self.fields["lead_body"].queryset = bodies
        if self.instance.lead_text:
            # The importer read a lead it could not match to one of the unit's bodies: the person maps it.
            self.fields["lead_body"].help_text = _(
                "Văn bản ghi cơ quan chủ trì: “%(text)s”. Hãy chọn cơ quan tương ứng."
            ) % {"text": self.instance.lead_text}
        self.fields["cooperating_bodies"].queryset = bodies
        self.fields["deadline_code"].choices = [("", _("— Không thay thế —"))] + [
            (r.code, f"{r.name} ({r.describe()})") for r in StatutoryRule.objects.order_by("name")
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("rule_kind")
        if kind == DeadlineRule.Kind.RELATIVE:
            if not cleaned.get("anchor"):
                self.add_error("anchor", _("Thời hạn tính từ một sự kiện: hãy chọn mốc tính."))
            if not cleaned.get("amount"):
                self.add_error("amount", _("Thời hạn tính từ một sự kiện: số ngày phải lớn hơn 0."))
        if kind in (DeadlineRule.Kind.MONTHLY, DeadlineRule.Kind.YEARLY):
            day = cleaned.get("day_of_month")
            if not day or not 1 <= day <= 31:
                self.add_error("day_of_month", _("Ngày trong tháng phải từ 1 đến 31."))
        if kind == DeadlineRule.Kind.YEARLY and not 1 <= (cleaned.get("month") or 0) <= 12:
            self.add_error("month", _("Tháng phải từ 1 đến 12."))
        if kind == DeadlineRule.Kind.EVERY_N_MONTHS and not 1 <= (cleaned.get("every_months") or 0) <= 12:
            self.add_error("every_months", _("Số tháng một lần phải từ 1 đến 12."))
        # Other apps pass the anchor event of the law's rule (e.g. the session opening for
        # submission_due), so an obligation replacing it must count from the same event.
        code = cleaned.get("deadline_code")
        if code:
            law = StatutoryRule.objects.get(code=code)
            if kind != DeadlineRule.Kind.RELATIVE or cleaned.get("anchor") != law.anchor:
                self.add_error(
                    "deadline_code",
                    _("Thay thế “%(name)s” thì thời hạn phải tính từ %(anchor)s.")
                    % {"name": law.name, "anchor": law.get_anchor_display()},
                )
        return cleaned


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=200)
    signer_title = forms.CharField(label=_("Chức vụ"), max_length=200)
    signed_on = DayField(label=_("Ngày ký (ngày/tháng/năm)"))


class TransitionForm(forms.Form):
    """The day a move takes effect (in force: from; expired or repealed: the first day without it) and a
    note."""

    effective_from = DayField(label=_("Có hiệu lực từ ngày (ngày/tháng/năm)"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False,
                           error_messages={"max_length": _("Ghi chú: tối đa 500 ký tự.")})

    def __init__(self, *args, to_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        if to_status in (Regulation.Status.EXPIRED, Regulation.Status.REPEALED):
            self.fields["effective_from"].label = _("Chấm dứt hiệu lực từ ngày (ngày/tháng/năm)")
        elif to_status != Regulation.Status.IN_FORCE:
            del self.fields["effective_from"]


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Tên điều"), max_length=500)
    text = forms.CharField(
        label=_("Đoạn mở đầu (không đánh số)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    clauses_text = forms.CharField(
        label=_("Các khoản, điểm (mỗi khoản một dòng “1. …”, điểm “a) …”)"), required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực phối hợp"), queryset=CoordinationArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amendment = forms.CharField(
        label=_("Văn bản sửa đổi, bổ sung (bắt buộc với quy chế đã ký)"), max_length=300, required=False
    )
    amendment_effective_from = DayField(
        label=_("Văn bản sửa đổi có hiệu lực từ ngày (bắt buộc với quy chế đã ký)"), required=False,
    )


class ScanForm(forms.Form):
    scanned_copy = forms.FileField(label=_("Bản ký, đóng dấu (PDF)"))

    def clean_scanned_copy(self):
        only_pdf = _("Bản ký: chỉ nhận tệp PDF.")
        return check_upload(self.cleaned_data["scanned_copy"], label=_("Bản ký"), allowed=("pdf",),
                            messages={**TOO_BIG, "type": only_pdf, "content": only_pdf})


class VersionForm(forms.Form):
    on = DayField(label=_("Xem văn bản tại ngày (ngày/tháng/năm)"), required=False)
    to = DayField(label=_("So với văn bản tại ngày (để trống: hiện nay)"), required=False)


class RegulationForm(forms.ModelForm):
    """The header of a draft; the text is edited article by article."""

    class Meta:
        model = Regulation
        fields = Regulation.HEADER_FIELDS
        field_classes = {"signed_on": DayField, "effective_from": DayField, "effective_to": DayField}
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.instance.unit
        others = Regulation.objects.filter(unit=unit).exclude(pk=self.instance.pk)
        self.fields["based_on"].queryset = others
        self.fields["supersedes"].queryset = others
        self.fields["term"].queryset = unit.terms.all()

    def clean_number(self):
        number = to_nfc(self.cleaned_data["number"]).strip()  # as stored, so an NFD duplicate is found
        if (
            Regulation.objects.filter(unit=self.instance.unit, number=number)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Số, ký hiệu: đơn vị đã có quy chế số %(n)s.") % {"n": number})
        return number

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("effective_from"), cleaned.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", _("Hiệu lực đến phải sau ngày hiệu lực từ."))
        return cleaned
