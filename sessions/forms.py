from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.date_inputs import DayField
from coordination.models import Body, BodyKind, Deputy, Person, Position
from coordination.uploads import check_document
from sessions.models import (
    AgendaItem,
    ConfidenceRating,
    Question,
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    SubmissionDocument,
    SupervisionMission,
)


def unit_bodies(unit_id: int, *kinds: str):
    bodies = Body.objects.filter(unit_id=unit_id, active_to__isnull=True).order_by("kind", "name")
    return bodies.filter(kind__in=kinds) if kinds else bodies


class CouncilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name  # every council's short name is "HĐND"


class CouncilChoiceForm(forms.Form):
    council = CouncilChoiceField(label=_("Hội đồng nhân dân"), queryset=Body.objects.none())

    def __init__(self, *args, councils: list[Body], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Body.objects.filter(pk__in=[c.pk for c in councils]).order_by(
            "unit__name", "name"
        )


class SessionForm(forms.Form):
    number = forms.IntegerField(label=_("Kỳ họp thứ"), min_value=1, max_value=999)
    kind = forms.ChoiceField(label=_("Loại kỳ họp"), choices=Session.Kind.choices)
    planned_open = DayField(label=_("Ngày khai mạc dự kiến"))
    planned_close = DayField(label=_("Ngày bế mạc dự kiến"))
    place = forms.CharField(label=_("Địa điểm"), required=False, max_length=255)
    # The order of the dates is Session.clean()'s, which the services call.


class SessionMoveForm(SessionForm):
    reason = forms.CharField(label=_("Lý do dời lịch"), max_length=300,
                             help_text=_("Ghi vào lịch sử của kỳ họp và của từng thời hạn được tính lại."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "kind", "place"):
            del self.fields[name]


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu tờ trình"), max_length=500)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    presenting_body = forms.ModelChoiceField(label=_("Cơ quan trình"), queryset=Body.objects.none())
    reviewing_committee = forms.ModelChoiceField(
        label=_("Ban thẩm tra"), queryset=Body.objects.none(), required=False
    )

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenting_body"].queryset = unit_bodies(
            unit_id, BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY, BodyKind.COUNCIL_STANDING
        )
        self.fields["reviewing_committee"].queryset = unit_bodies(unit_id, BodyKind.COUNCIL_COMMITTEE)


class SubmissionRecordForm(forms.Form):
    submitted_on = DayField(label=_("Ngày gửi tờ trình"))
    file = forms.FileField(label=_("Tệp tờ trình, dự thảo (PDF, DOC, DOCX)"), required=False)

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"), label=_("Tệp tờ trình"))


class SubmissionReviewForm(forms.Form):
    reviewed_on = DayField(label=_("Ngày gửi báo cáo thẩm tra"))
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300, initial=_("Báo cáo thẩm tra"))
    file = forms.FileField(label=_("Tệp báo cáo thẩm tra (PDF, DOC, DOCX, ODT)"))
    # The day is Submission.clean()'s (not after today, not before the submission), which the service calls.

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"), label=_("Tệp báo cáo thẩm tra"))


class SubmissionDocumentForm(forms.Form):
    # The review report comes only from the reviewing committee, through SubmissionReviewForm.
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=[
            (value, label)
            for value, label in SubmissionDocument.Kind.choices
            if value != SubmissionDocument.Kind.REVIEW
        ],
    )
    title = forms.CharField(label=_("Tên tài liệu"), max_length=300)
    file = forms.FileField(label=_("Tệp (PDF, DOC, DOCX, ODT)"))

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"), label=_("Tệp tài liệu"))


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "kind", "presenting_body", "reviewing_committee", "to_session"]

    def __init__(self, *args, unit_id: int, with_to_session: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenting_body"].queryset = unit_bodies(unit_id)
        self.fields["reviewing_committee"].queryset = unit_bodies(unit_id, BodyKind.COUNCIL_COMMITTEE)
        if with_to_session:
            self.fields["to_session"].queryset = Session.objects.filter(
                council__unit_id=unit_id
            ).select_related("council")
        else:
            del self.fields["to_session"]


class ResolutionForm(forms.Form):
    number = forms.CharField(
        label=_("Số, ký hiệu"), max_length=64, help_text=_("Ví dụ 25/NQ-HĐND hoặc 10/2016/NQ-HĐND")
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    adopted_on = DayField(label=_("Ngày thông qua"))
    effective_on = DayField(label=_("Ngày có hiệu lực"), required=False)
    field = forms.CharField(label=_("Lĩnh vực"), max_length=200, required=False)
    replaces = forms.ModelMultipleChoiceField(
        label=_("Thay thế nghị quyết"), queryset=Resolution.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    file = forms.FileField(label=_("Tệp nghị quyết (PDF, DOC, DOCX)"), required=False)

    def __init__(self, *args, council: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["replaces"].queryset = Resolution.objects.filter(council=council)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if "/" not in number:
            raise forms.ValidationError(_("Số, ký hiệu phải có dạng số/NQ-HĐND hoặc số/năm/NQ-HĐND."))
        if Resolution.objects.filter(council=self.council, number=number).exists():
            raise forms.ValidationError(_("Nghị quyết số %(n)s đã có.") % {"n": number})
        return number

    def clean_file(self):
        return check_document(self.cleaned_data.get("file"), label=_("Tệp nghị quyết"))


class QuestionForm(forms.Form):
    deputy = forms.ModelChoiceField(label=_("Đại biểu chất vấn"), queryset=Deputy.objects.none())
    questioned_body = forms.ModelChoiceField(label=_("Cơ quan bị chất vấn"), queryset=Body.objects.none())
    questioned_person = forms.ModelChoiceField(
        label=_("Người bị chất vấn"), queryset=Person.objects.none(), required=False
    )
    text = forms.CharField(label=_("Nội dung chất vấn"), widget=forms.Textarea(attrs={"rows": 4}))
    received_on = DayField(label=_("Ngày nhận chất vấn"))
    answer_mode = forms.ChoiceField(label=_("Hình thức trả lời"), choices=Question.AnswerMode.choices)

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = Deputy.objects.filter(
            unit_id=unit_id, kind=Deputy.Kind.COUNCIL
        ).select_related("person")
        self.fields["questioned_body"].queryset = unit_bodies(unit_id)
        self.fields["questioned_person"].queryset = Person.objects.filter(
            positions__body__unit_id=unit_id
        ).distinct()


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = DayField(label=_("Ngày trả lời"))
    deputy_satisfied = forms.NullBooleanField(
        label=_("Đại biểu đồng ý với trả lời"),
        widget=forms.Select(
            choices=[("unknown", _("Chưa rõ")), ("true", _("Đồng ý")), ("false", _("Chưa đồng ý"))]
        ),
    )
    commitment = forms.CharField(
        label=_("Cam kết (nếu có)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    commitment_due_on = DayField(
        label=_("Hạn thực hiện cam kết"), required=False,
        help_text=_("Để trống: trước ngày khai mạc kỳ họp tiếp theo"),
    )


MAX_COUNT = 10_000


class RatingForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Người được lấy phiếu"), queryset=Position.objects.none())
    kind = forms.ChoiceField(label=_("Hình thức"), choices=ConfidenceRating.Kind.choices)
    # No Council has more than a few hundred deputies: the form says so, and the database (a 32-bit column on
    # PostgreSQL) never sees a larger number; a negative one is the service's to explain ("Số phiếu không được
    # âm").
    total_members = forms.IntegerField(label=_("Tổng số đại biểu HĐND"), max_value=MAX_COUNT)
    ballots_issued = forms.IntegerField(label=_("Số phiếu phát ra"), max_value=MAX_COUNT)
    valid_ballots = forms.IntegerField(label=_("Số phiếu hợp lệ"), max_value=MAX_COUNT)
    high = forms.IntegerField(label=_("Tín nhiệm cao"), initial=0, max_value=MAX_COUNT)
    confidence = forms.IntegerField(label=_("Tín nhiệm"), initial=0, max_value=MAX_COUNT)
    low = forms.IntegerField(label=_("Tín nhiệm thấp / không tín nhiệm"), initial=0, max_value=MAX_COUNT)

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.filter(
            body__unit_id=unit_id, elected_by_council=True, ends_on__isnull=True
        ).select_related("person", "body")


class MeetingForm(forms.ModelForm):
    """A meeting scheduled ahead (its planned day may lie ahead) or recorded once held (not after today);
    the dates are StandingMeeting.clean()'s, which the model form calls."""

    class Meta:
        model = StandingMeeting
        fields = [
            "kind",
            "title",
            "planned_on",
            "held_on",
            "place",
            "for_session",
            "attending_bodies",
            "notified_on",
            "conclusions",
        ]
        field_classes = {"planned_on": DayField, "held_on": DayField, "notified_on": DayField}
        widgets = {"attending_bodies": forms.CheckboxSelectMultiple}
        help_texts = {"planned_on": _("Để trống khi ghi nhận cuộc họp đã diễn ra: lấy theo ngày họp")}

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_on"].required = False
        self.fields["for_session"].queryset = Session.objects.filter(council__unit_id=unit_id).select_related(
            "council"
        )
        self.fields["attending_bodies"].queryset = unit_bodies(
            unit_id,
            BodyKind.NA_DELEGATION,
            BodyKind.COUNCIL_STANDING,
            BodyKind.PEOPLES_COMMITTEE,
            BodyKind.FRONT_BOARD,
        )

    def clean(self):
        data = super().clean()
        if not data.get("planned_on"):
            if data.get("held_on"):
                data["planned_on"] = data["held_on"]
            elif "held_on" not in self.errors:
                self.add_error(
                    "planned_on", _("Ngày họp dự kiến: cần ghi ngày họp dự kiến hoặc ngày đã họp.")
                )
        return data


class TeamMembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def team_members_field(unit_id: int, current=()) -> TeamMembersField:
    """Accounts with a membership in the unit, plus the members already on the team (who may come from
    elsewhere)."""
    users = get_user_model().objects.filter(
        Q(memberships__body__unit_id=unit_id) | Q(pk__in=[u.pk for u in current]), is_active=True
    ).distinct().order_by("last_name", "first_name", "username")
    return TeamMembersField(
        label=_("Thành viên đoàn"),
        queryset=users,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Thành viên đoàn được xem đoàn giám sát này dù thuộc cơ quan nào"),
    )


class MissionTeamForm(forms.Form):
    def __init__(self, *args, mission: SupervisionMission, **kwargs):
        super().__init__(*args, **kwargs)
        current = list(mission.team_members.all())
        self.fields["team_members"] = team_members_field(mission.lead_body.unit_id, current)
        self.initial.setdefault("team_members", current)


class MeetingDatesForm(forms.Form):
    planned_on = DayField(label=_("Ngày họp dự kiến"), required=False,
                                 help_text=_("Dời lịch một cuộc họp chưa diễn ra; để trống: giữ nguyên"))
    held_on = DayField(label=_("Ngày họp"), required=False,
                              help_text=_("Ghi khi cuộc họp đã diễn ra; để trống khi chưa họp"))
    notified_on = DayField(
        label=_("Ngày gửi thông báo"), required=False,
        help_text=_("Phiên giải trình phải được thông báo trước ít nhất 10 ngày"),
    )


class MissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại hoạt động"), choices=SupervisionMission.Kind.choices)
    lead_body = forms.ModelChoiceField(label=_("Cơ quan chủ trì"), queryset=Body.objects.none())
    joint_bodies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision_number = forms.CharField(label=_("Số quyết định thành lập đoàn"), max_length=64)
    decision_date = DayField(label=_("Ngày quyết định"))
    subject = forms.CharField(label=_("Nội dung giám sát"), max_length=500)
    supervised_bodies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan chịu giám sát"), queryset=Body.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    visit_start = DayField(label=_("Ngày bắt đầu làm việc trực tiếp"))
    visit_end = DayField(label=_("Ngày kết thúc"))
    rechecks = forms.ModelMultipleChoiceField(
        label=_("Kiến nghị được tái giám sát"), queryset=Recommendation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = unit_bodies(
            unit_id, BodyKind.COUNCIL_STANDING, BodyKind.COUNCIL_COMMITTEE, BodyKind.DEPUTY_GROUP,
            BodyKind.NA_DELEGATION, BodyKind.FRONT_BOARD,
        )
        self.fields["joint_bodies"].queryset = unit_bodies(
            unit_id,
            BodyKind.COUNCIL_STANDING,
            BodyKind.COUNCIL_COMMITTEE,
            BodyKind.NA_DELEGATION,
            BodyKind.FRONT_BOARD,
        )
        self.fields["supervised_bodies"].queryset = unit_bodies(
            unit_id, BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY
        )
        self.fields["rechecks"].queryset = Recommendation.objects.filter(
            mission__lead_body__unit_id=unit_id
        ).select_related("addressee")
        self.fields["team_members"] = team_members_field(unit_id)

    def clean(self):
        data = (
            super().clean()
        )  # the order of the dates is SupervisionMission.clean()'s, which the service calls
        if data.get("kind") == "resupervision" and not data.get("rechecks"):
            self.add_error("rechecks", _("Tái giám sát phải chọn ít nhất một kiến nghị cần kiểm tra lại."))
        return data


class MissionStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Bước"),
        choices=[
            ("notify", _("Đã thông báo cho cơ quan chịu giám sát")),
            ("programme", _("Đã gửi chương trình làm việc")),
            ("report", _("Đã báo cáo kết quả")),
        ],
    )
    on = DayField(label=_("Ngày thực hiện"))
    findings = forms.CharField(
        label=_("Kết quả giám sát (khi báo cáo)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    conclusions = forms.CharField(
        label=_("Kết luận (khi báo cáo)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class RecommendationForm(forms.Form):
    addressee = forms.ModelChoiceField(label=_("Cơ quan thực hiện"), queryset=Body.objects.none())
    content = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = DayField(
        label=_("Thời hạn"),
        required=False,
        help_text=_("Để trống: tính theo thời hạn trả lời kiến nghị"),
    )

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = unit_bodies(unit_id, BodyKind.PEOPLES_COMMITTEE, BodyKind.AGENCY)


class RecommendationAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Báo cáo kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = DayField(label=_("Ngày trả lời"))


class RecommendationVerifyForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("Kết quả xác minh"), coerce=lambda v: v == "yes",
        choices=[("yes", _("Đã thực hiện")), ("no", _("Chưa thực hiện"))], widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến xác minh"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    new_due_on = DayField(
        label=_("Thời hạn thực hiện mới"), required=False,
        help_text=_("Bắt buộc khi chưa thực hiện: cơ quan thực hiện báo cáo lại trước hạn này"),
    )

    def clean(self):
        data = super().clean()
        if data.get("done") is False:
            if not data.get("new_due_on"):
                self.add_error("new_due_on", _("Kiến nghị chưa thực hiện cần có thời hạn thực hiện mới."))
            elif data["new_due_on"] <= timezone.localdate():
                self.add_error("new_due_on", _("Thời hạn thực hiện mới phải sau ngày hôm nay."))
        return data


class ConclusionForm(forms.Form):
    conclusions = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 5}))
    task = forms.CharField(label=_("Việc giao thực hiện (nếu có)"), max_length=500, required=False)
    task_body = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=Body.objects.none(), required=False
    )
    task_due_on = DayField(label=_("Thời hạn"), required=False)

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task_body"].queryset = unit_bodies(unit_id)

    def clean(self):
        data = super().clean()
        if data.get("task") and not (data.get("task_body") and data.get("task_due_on")):
            self.add_error("task_body", _("Việc được giao cần có cơ quan thực hiện và thời hạn."))
        return data
