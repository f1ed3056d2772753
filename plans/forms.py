"""The forms of the coordination plans: a plan, a "5 rõ" task, its re-assignment and extension, a review
conference."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.date_inputs import DayField
from coordination.models import MAIN_BODY_KINDS, AdministrativeUnit, Body, Person, Role
from coordination.permissions import access_for
from plans.models import CoordinationPlan, ReviewConference
from plans.permissions import plan_units_for_user
from regulations.models import Regulation
from regulations.permissions import visible_regulations


def people_of_unit(unit_id: int):
    return Person.objects.filter(
        Q(positions__body__unit_id=unit_id) | Q(user__memberships__body__unit_id=unit_id)
    ).distinct().order_by("full_name")


class TaskReassignForm(forms.Form):
    to_person = forms.ModelChoiceField(
        label=_("Giao cho"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Giao cho: vui lòng chọn người nhận việc.")},
    )
    reason = forms.CharField(label=_("Lý do giao lại"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Lý do giao lại: bắt buộc phải ghi lý do.")})

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_person"].queryset = people_of_unit(unit_id)


class TaskExtendForm(forms.Form):
    due_on = DayField(label=_("Thời hạn mới (ngày/tháng/năm)"),
                      error_messages={"required": _("Thời hạn mới: vui lòng nhập ngày."),
                                      "invalid": _("Thời hạn mới: ngày không hợp lệ (dd/mm/yyyy).")})
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Lý do gia hạn: bắt buộc phải ghi lý do.")})
    approved_by = forms.ModelChoiceField(
        label=_("Lãnh đạo phê duyệt"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Lãnh đạo phê duyệt: vui lòng chọn người phê duyệt.")},
    )

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a leader of a body of the unit (a head of a body, or a member with the leader role) approves.
        self.fields["approved_by"].queryset = Person.objects.filter(
            Q(positions__body__unit_id=unit_id, positions__is_head=True)
            | Q(user__memberships__body__unit_id=unit_id, user__memberships__role=Role.LEADER)
        ).distinct().order_by("full_name")


class PlanTaskForm(forms.Form):
    """A new "5 rõ" task: who (body and person), what, by when, expected result, accountability."""

    title = forms.CharField(label=_("Rõ việc (nội dung)"), max_length=500,
                            error_messages={"required": _("Rõ việc: vui lòng ghi nội dung công việc.")})
    lead_body = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"),
        queryset=Body.objects.none(),
        error_messages={
            "required": _("Cơ quan chủ trì: vui lòng chọn."),
            "invalid_choice": _("Cơ quan chủ trì: bạn không được giao việc cho cơ quan này."),
        },
    )
    responsible = forms.ModelChoiceField(
        label=_("Rõ người (người chịu trách nhiệm)"), queryset=Person.objects.none(), required=False
    )
    due_on = DayField(
        label=_("Rõ tiến độ (thời hạn, ngày/tháng/năm)"),
        error_messages={
            "required": _("Thời hạn: vui lòng nhập ngày."),
            "invalid": _("Thời hạn: ngày không hợp lệ (dd/mm/yyyy)."),
        },
    )
    expected_result = forms.CharField(
        label=_("Rõ hiệu quả (kết quả cần đạt)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Kết quả cần đạt: vui lòng ghi rõ.")},
    )
    accountability = forms.CharField(label=_("Rõ trách nhiệm"), max_length=500, required=False)
    conference = forms.ModelChoiceField(
        label=_("Giao tại hội nghị (nếu có)"), queryset=ReviewConference.objects.none(), required=False,
        error_messages={"invalid_choice": _("Giao tại hội nghị: chỉ chọn hội nghị của kế hoạch này.")},
    )

    def __init__(self, *args, plan, editable_body_ids, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(unit_id=plan.unit_id).order_by("kind", "name")
        self.fields["lead_body"].queryset = (
            bodies if editable_body_ids is None else bodies.filter(pk__in=editable_body_ids)
        )
        self.fields["responsible"].queryset = people_of_unit(plan.unit_id)
        self.fields["conference"].queryset = plan.conferences.all()


PLAN_FIRST_YEAR = 2000


class PlanForm(forms.Form):
    """A unit's coordination plan for a year: the regulation it implements, the bodies that sign it."""

    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=AdministrativeUnit.objects.none(),
        error_messages={
            "required": _("Đơn vị: vui lòng chọn."),
            "invalid_choice": _("Đơn vị: bạn không được lập kế hoạch cho đơn vị này."),
        },
    )
    year = forms.IntegerField(
        label=_("Năm"),
        error_messages={
            "required": _("Năm: vui lòng nhập năm của kế hoạch."),
            "invalid": _("Năm: nhập một số, ví dụ 2026."),
        },
    )
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300,
                            error_messages={"required": _("Tên kế hoạch: vui lòng nhập."),
                                            "max_length": _("Tên kế hoạch: tối đa 300 ký tự.")})
    regulation = forms.ModelChoiceField(
        label=_("Quy chế được thực hiện"),
        queryset=None,
        error_messages={
            "required": _("Quy chế được thực hiện: vui lòng chọn quy chế đã ban hành của đơn vị."),
            "invalid_choice": _("Quy chế được thực hiện: chỉ chọn quy chế đã ban hành của đơn vị."),
        },
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Các bên"),
        queryset=Body.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Các bên: chọn các cơ quan cùng ký kế hoạch."),
            "invalid_choice": _(
                "Các bên: chỉ chọn Đoàn ĐBQH, Thường trực HĐND, UBND, Ban Thường trực UBMTTQ của đơn vị."
            ),
            "invalid_pk_value": _("Các bên: lựa chọn không hợp lệ."),
        },
    )
    signed_on = DayField(
        label=_("Ngày ký (ngày/tháng/năm)"),
        required=False,
        error_messages={"invalid": _("Ngày ký: ngày không hợp lệ (dd/mm/yyyy).")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access_for(user)
        units = plan_units_for_user(user)
        self.fields["unit"].queryset = units.order_by("level__rank", "name")
        self.fields["regulation"].queryset = (
            visible_regulations(user)
            .filter(unit__in=units, status__in=Regulation.ENACTED_STATUSES)
            .select_related("unit")
            .order_by("-effective_from", "-id")
        )
        self.fields["parties"].queryset = (
            Body.objects.filter(unit__in=units, kind__in=MAIN_BODY_KINDS, active_to__isnull=True)
            .select_related("unit")
            .order_by("unit__name", "kind")
        )
        self.fields["parties"].label_from_instance = lambda body: body.name

    def clean_year(self):
        year, last = self.cleaned_data["year"], timezone.localdate().year + 1
        if not PLAN_FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Năm: từ %(first)s đến %(last)s.") % {"first": PLAN_FIRST_YEAR, "last": last}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        unit, year = cleaned.get("unit"), cleaned.get("year")
        regulation, parties, signed_on = (
            cleaned.get("regulation"),
            cleaned.get("parties"),
            cleaned.get("signed_on"),
        )
        if unit and year and CoordinationPlan.objects.filter(unit=unit, year=year).exists():
            self.add_error(
                "year",
                _("Năm: %(unit)s đã có kế hoạch phối hợp năm %(year)s.") % {"unit": unit, "year": year},
            )
        if unit and regulation:
            if regulation.unit_id != unit.pk:
                self.add_error(
                    "regulation",
                    _("Quy chế được thực hiện: quy chế này là của %(other)s, không phải của %(unit)s.")
                    % {"other": regulation.unit, "unit": unit},
                )
            elif year and not _in_force_during(regulation, year):
                self.add_error(
                    "regulation",
                    _("Quy chế được thực hiện: quy chế không có hiệu lực trong năm %(year)s.")
                    % {"year": year},
                )
        if unit and parties:
            others = [b for b in parties if b.unit_id != unit.pk]
            if others:
                self.add_error(
                    "parties",
                    _("Các bên: %(body)s không thuộc %(unit)s.") % {"body": others[0].name, "unit": unit},
                )
            elif len(parties) < 2:
                self.add_error("parties", _("Các bên: kế hoạch phối hợp cần ít nhất hai cơ quan."))
            elif not self.access.is_superuser and not self.access.editor_body_ids & {b.pk for b in parties}:
                # Only the parties' staff and leaders work on the plan afterwards: the author must be one of
                # them.
                self.add_error("parties", _("Các bên: phải gồm cơ quan mà bạn là cán bộ hoặc lãnh đạo."))
        if year and signed_on and signed_on.year not in (year - 1, year):
            self.add_error(
                "signed_on", _("Ngày ký: phải trong năm %(year)s hoặc cuối năm trước.") % {"year": year}
            )
        return cleaned


def _in_force_during(regulation, year: int) -> bool:
    start, end = regulation.effective_from, regulation.effective_to
    return start is not None and start.year <= year and (end is None or end.year >= year)


class ReviewConferenceForm(forms.Form):
    """Giao ban, sơ kết, tổng kết: the figures are snapshotted by the service, people write the
    conclusions."""

    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ReviewConference.Kind.choices)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=300,
                            error_messages={"required": _("Tên hội nghị: vui lòng nhập.")})
    period_start = DayField(
        label=_("Số liệu tính từ ngày"),
        error_messages={
            "required": _("Số liệu tính từ ngày: vui lòng nhập ngày."),
            "invalid": _("Số liệu tính từ ngày: ngày không hợp lệ (dd/mm/yyyy)."),
        },
    )
    held_on = DayField(label=_("Ngày tổ chức"),
                       error_messages={"required": _("Ngày tổ chức: vui lòng nhập ngày."),
                                       "invalid": _("Ngày tổ chức: ngày không hợp lệ (dd/mm/yyyy).")})
    conclusions = forms.CharField(
        label=_("Kết luận"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Kết luận: vui lòng ghi kết luận của hội nghị.")},
    )

    # A day after today is ReviewConference.clean()'s (coordination/dates.py), which the service calls.

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("period_start")
            and cleaned.get("held_on")
            and cleaned["period_start"] > cleaned["held_on"]
        ):
            self.add_error("period_start", _("Số liệu tính từ ngày: phải trước ngày tổ chức hội nghị."))
        return cleaned
