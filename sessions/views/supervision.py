"""Pages of supervision missions, their team and steps, and their recommendations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView, row_count
from coordination.models import Body
from coordination.permissions import Need
from sessions import forms, services
from sessions.filters import MissionFilter, RecommendationFilter
from sessions.models import MISSION_REGISTER_ORDERING, Recommendation, SupervisionMission
from sessions.permissions import (
    can_answer_recommendation,
    can_verify_recommendations,
    get_mission_for_user,
    get_recommendation_for_user,
    visible_missions,
)

from ._common import CouncilRegisterView, _form_page, for_managed_council


class MissionListView(CouncilRegisterView):
    title = gettext_lazy("Giám sát, khảo sát")
    template_name = "sessions/mission_list.html"
    filterset_class = MissionFilter
    columns = [
        Column(gettext_lazy("Nội dung"), "subject"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Chủ trì"), "lead_body.name"),
        Column(gettext_lazy("Quyết định"), "decision_number"),
        Column(gettext_lazy("Ngày quyết định"), "decision_date"),
        Column(gettext_lazy("Làm việc từ"), "visit_start"),
        Column(gettext_lazy("Kiến nghị đã thực hiện"), lambda m: f"{m.done_count}/{m.rec_count}"),
    ]

    def base_queryset(self):
        # Each count is a subquery on the mission's own recommendations (their mission index), which
        # PostgreSQL runs for the page's rows only, after the index walk in the register's order; a join with
        # a GROUP BY counted every mission's recommendations before the page was cut, and again for the total.
        recommendations = Recommendation.objects.filter(mission=OuterRef("pk"))
        return (
            visible_missions(self.request.user)
            .defer("findings", "conclusions")
            .annotate(
                rec_count=row_count(recommendations),
                done_count=row_count(recommendations.filter(status=Recommendation.Status.DONE)),
            )
            .order_by(*MISSION_REGISTER_ORDERING)
        )


mission_list = MissionListView.as_view()


@for_managed_council
def mission_create(request, council: Body):
    form = forms.MissionForm(
        request.POST or None,
        unit_id=council.unit_id,
        initial={"kind": request.GET.get("kind", "supervision")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_create(**form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("Đã thành lập đoàn; các thời hạn thông báo, chương trình, báo cáo đã được tính.")
            )
            return redirect(mission)
    return _form_page(
        request,
        form,
        title=_("Thành lập đoàn giám sát, khảo sát — %(c)s") % {"c": council.name},
        back=reverse("council_sessions:mission_list"),
    )


@login_required
def mission_detail(request, pk: int):
    mission = get_mission_for_user(request.user, pk)
    recommendations = list(mission.recommendations.select_related("addressee", "answered_by", "verified_by"))
    verifies = can_verify_recommendations(request.user, mission.lead_body.unit_id)
    for rec in recommendations:
        rec.can_answer = rec.status != Recommendation.Status.DONE and can_answer_recommendation(
            request.user, rec
        )
        rec.can_verify = rec.status == Recommendation.Status.ANSWERED and verifies
    steps = services.mission_step_due(mission=mission)
    return render(request, "sessions/mission_detail.html", {
        "mission": mission, "title": str(mission),
        "recommendations": recommendations,
        "progress": services.mission_progress(recommendations),
        "steps": [(name, label, steps.get(name), getattr(mission, field)) for name, label, field in [
            ("notify", _("Thông báo cho cơ quan chịu giám sát"), "notified_on"),
            ("programme", _("Gửi chương trình làm việc"), "programme_sent_on"),
            ("report", _("Báo cáo kết quả giám sát"), "reported_on"),
        ]],
        "supervised": mission.supervised_bodies.all(),
        "joint": mission.joint_bodies.all(),
        "team": mission.team_members.all(),
        "rechecks": mission.rechecks.select_related("mission", "addressee"),
        # The link back: re-supervisions that re-check this mission's recommendations.
        "rechecked_by": SupervisionMission.objects.filter(rechecks__mission=mission).distinct(),
        "can_manage": mission.can.change,
        "step_form": forms.MissionStepForm(initial={"on": timezone.localdate()}),
    })


@login_required
@require_POST
def mission_step(request, pk: int):
    mission = get_mission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MissionStepForm(request.POST)
    if form.is_valid():
        try:
            services.mission_record_step(mission=mission, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _("Chưa ghi nhận được: %(e)s") % {"e": " ".join(error.messages)})
        else:
            messages.success(request, _("Đã ghi nhận bước thực hiện."))
    else:
        messages.error(
            request,
            _("Chưa ghi nhận được: %(e)s")
            % {"e": "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items())},
        )
    return redirect(mission)


@login_required
def mission_team(request, pk: int):
    mission = get_mission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.MissionTeamForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        services.mission_set_team(mission=mission, users=form.cleaned_data["team_members"])
        messages.success(request, _("Đã cập nhật thành viên đoàn."))
        return redirect(mission)
    return _form_page(
        request,
        form,
        title=_("Thành viên đoàn: %(s)s") % {"s": mission.subject},
        back=mission.get_absolute_url(),
    )


@login_required
def recommendation_create(request, pk: int):
    mission = get_mission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.RecommendationForm(request.POST or None, unit_id=mission.lead_body.unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_add(mission=mission, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã thêm kiến nghị."))
            return redirect(mission)
    return _form_page(request, form, title=_("Thêm kiến nghị sau giám sát"), back=mission.get_absolute_url())


@login_required
def recommendation_answer(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk, need=Need.ANSWER)
    form = forms.RecommendationAnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_answer(
                recommendation=recommendation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận báo cáo kết quả thực hiện kiến nghị."))
            return redirect(recommendation.mission)
    return _form_page(
        request,
        form,
        title=_("Báo cáo kết quả thực hiện kiến nghị"),
        back=recommendation.mission.get_absolute_url(),
        intro=recommendation.content,
    )


@login_required
def recommendation_verify(request, pk: int):
    recommendation = get_recommendation_for_user(request.user, pk, need=Need.VERIFY)
    form = forms.RecommendationVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_verify(
                recommendation=recommendation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã xác minh kiến nghị."))
            return redirect(recommendation.mission)
    return _form_page(
        request,
        form,
        title=_("Xác minh kết quả thực hiện kiến nghị"),
        back=recommendation.mission.get_absolute_url(),
        intro=f"{recommendation.content}\n\n{_('Trả lời')}: {recommendation.answer}",
    )


class RecommendationListView(RegisterView):
    title = gettext_lazy("Theo dõi kiến nghị sau giám sát")
    template_name = "sessions/recommendation_list.html"
    filterset_class = RecommendationFilter
    columns = [
        Column(gettext_lazy("Kiến nghị"), "content"),
        Column(gettext_lazy("Đoàn giám sát"), "mission.subject"),
        Column(gettext_lazy("Cơ quan thực hiện"), "addressee.name"),
        Column(gettext_lazy("Thời hạn"), "due_on"),
        Column(gettext_lazy("Ngày trả lời"), "answered_on"),
        Column(gettext_lazy("Trạng thái"), "get_status_display"),
    ]

    def base_queryset(self):
        return Recommendation.objects.filter(mission__in=visible_missions(self.request.user)).select_related(
            "mission", "addressee"
        ).order_by("due_on", "id")


recommendation_list = RecommendationListView.as_view()
