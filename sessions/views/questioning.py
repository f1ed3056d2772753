"""Pages of questioning at a session and of confidence ratings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView
from coordination.permissions import Need
from sessions import forms, services
from sessions.filters import QuestionFilter, RatingFilter
from sessions.permissions import (
    can_answer_question,
    get_question_for_user,
    get_session_for_user,
    visible_questions,
    visible_ratings,
)

from ._common import _form_page


def _with_can_answer(user, questions) -> list:
    """The questions with ``can_answer`` set, so the page offers "record the answer" only to who may."""
    questions = list(questions)
    for question in questions:
        question.can_answer = not question.answered_on and can_answer_question(user, question)
    return questions


@login_required
def question_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.QuestionForm(
        request.POST or None, unit_id=session.council.unit_id, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận chất vấn."))
            return redirect(session)
    return _form_page(request, form, title=_("Ghi nhận chất vấn"), back=session.get_absolute_url())


@login_required
def question_answer(request, pk: int):
    question = get_question_for_user(request.user, pk, need=Need.ANSWER)
    back = question.session.get_absolute_url() if question.session else question.meeting.get_absolute_url()
    form = forms.AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.question_answer(
                    question=question,
                    answer=data["answer"],
                    answered_on=data["answered_on"],
                    deputy_satisfied=data["deputy_satisfied"],
                )
                if data["commitment"]:
                    services.commitment_add(
                        question=question, text=data["commitment"], due_on=data["commitment_due_on"]
                    )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận trả lời chất vấn."))
            return redirect(back)
    return _form_page(request, form, title=_("Trả lời chất vấn"), back=back, intro=question.text)


class QuestionListView(RegisterView):
    """Every question the user may see; a deputy without a membership sees their own."""

    title = gettext_lazy("Chất vấn và trả lời chất vấn")
    template_name = "sessions/question_list.html"
    filterset_class = QuestionFilter
    columns = [
        Column(gettext_lazy("Nội dung chất vấn"), "text"),
        Column(gettext_lazy("Đại biểu"), "deputy.person.full_name"),
        Column(gettext_lazy("Cơ quan bị chất vấn"), "questioned_body.name"),
        Column(gettext_lazy("Ngày nhận"), "received_on"),
        Column(gettext_lazy("Hạn trả lời bằng văn bản"), "answer_due_on"),
        Column(gettext_lazy("Ngày trả lời"), "answered_on"),
        Column(gettext_lazy("Đại biểu đồng ý"), "deputy_satisfied"),
    ]

    def base_queryset(self):
        return visible_questions(self.request.user).order_by("-received_on", "id")


question_list = QuestionListView.as_view()


@login_required
def rating_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.RatingForm(request.POST or None, unit_id=session.council.unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_record(session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận kết quả lấy phiếu tín nhiệm."))
            return redirect(session)
    return _form_page(
        request, form, title=_("Ghi nhận kết quả lấy phiếu tín nhiệm"), back=session.get_absolute_url()
    )


class RatingListView(RegisterView):
    title = gettext_lazy("Kết quả lấy phiếu, bỏ phiếu tín nhiệm")
    template_name = "sessions/rating_list.html"
    filterset_class = RatingFilter
    search_field = "position__person__search_text"

    @cached_property
    def thresholds(self):
        return services.rating_thresholds()

    @property
    def columns(self):
        # The outcome reads the thresholds (rule data) once per page, not once per row.
        return [
            Column(gettext_lazy("Người được lấy phiếu"), "position.person.full_name"),
            Column(gettext_lazy("Chức vụ"), lambda r: f"{r.position.title}, {r.position.body}"),
            Column(gettext_lazy("Kỳ họp"), lambda r: f"Kỳ họp thứ {r.session.number}"),
            Column(gettext_lazy("Hình thức"), "get_kind_display"),
            Column(gettext_lazy("Tổng số đại biểu"), "total_members"),
            Column(gettext_lazy("Phiếu phát ra"), "ballots_issued"),
            Column(gettext_lazy("Phiếu hợp lệ"), "valid_ballots"),
            Column(gettext_lazy("Tín nhiệm cao"), "high"),
            Column(gettext_lazy("Tín nhiệm"), "confidence"),
            Column(gettext_lazy("Tín nhiệm thấp / không tín nhiệm"), "low"),
            Column(gettext_lazy("Kết quả"), lambda r: r.outcome(self.thresholds)),
        ]

    def base_queryset(self):
        return visible_ratings(self.request.user).order_by(
            "-session__planned_open", "position__person__full_name", "id"
        )


rating_list = RatingListView.as_view()
