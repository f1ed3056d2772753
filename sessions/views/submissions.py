"""Pages of the submissions to a session: creation, record, review, documents and their register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.forms import apply_service_error
from coordination.history import history_page
from coordination.listing import Column, RegisterView
from coordination.permissions import Need
from sessions import forms, services
from sessions.filters import SubmissionFilter
from sessions.models import SUBMISSION_REGISTER_ORDERING, SubmissionDocument
from sessions.permissions import get_session_for_user, get_submission_for_user, visible_submissions

from ._common import _form_page


@login_required
def submission_create(request, pk: int):
    session = get_session_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SubmissionForm(request.POST or None, unit_id=session.council.unit_id)
    if request.method == "POST" and form.is_valid():
        submission = services.submission_create(session=session, **form.cleaned_data)
        messages.success(
            request, _("Đã thêm tờ trình; hạn gửi %(d)s.") % {"d": f"{submission.due_on:%d/%m/%Y}"}
        )
        return redirect(session)
    return _form_page(request, form, title=_("Thêm tờ trình trình kỳ họp"), back=session.get_absolute_url())


@login_required
def submission_record(request, pk: int):
    submission = get_submission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SubmissionRecordForm(
        request.POST or None, request.FILES or None, initial={"submitted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_record(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if submission.is_late:
                messages.warning(
                    request,
                    _("Đã ghi nhận tờ trình, trễ %(n)s ngày so với hạn.") % {"n": submission.days_late},
                )
            else:
                messages.success(request, _("Đã ghi nhận tờ trình đúng hạn."))
            return redirect(submission.session)
    return _form_page(request, form, title=_("Ghi nhận gửi tờ trình: %(t)s") % {"t": submission.title},
                      back=submission.session.get_absolute_url(), multipart=True,
                      intro=_("Hạn gửi: %(d)s") % {"d": f"{submission.due_on:%d/%m/%Y}"})


@login_required
def submission_review_record(request, pk: int):
    submission = get_submission_for_user(request.user, pk, need=Need.REVIEW)
    form = forms.SubmissionReviewForm(
        request.POST or None, request.FILES or None, initial={"reviewed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_review_record(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if submission.review_days_late:
                messages.warning(request, _("Đã ghi nhận báo cáo thẩm tra, trễ %(n)s ngày so với hạn.") % {
                    "n": submission.review_days_late})
            else:
                messages.success(request, _("Đã ghi nhận báo cáo thẩm tra đúng hạn."))
            return redirect(submission.session)
    return _form_page(request, form, title=_("Ghi nhận báo cáo thẩm tra: %(t)s") % {"t": submission.title},
                      back=submission.session.get_absolute_url(), multipart=True,
                      intro=_("%(c)s — hạn gửi báo cáo thẩm tra: %(d)s") % {
                          "c": submission.reviewing_committee, "d": f"{submission.review_due_on:%d/%m/%Y}"})


@login_required
def submission_document_add(request, pk: int):
    submission = get_submission_for_user(request.user, pk, need=Need.CHANGE)
    form = forms.SubmissionDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.submission_document_add(submission=submission, by=request.user, **form.cleaned_data)
        messages.success(request, _("Đã tải lên tài liệu."))
        return redirect(submission.session)
    return _form_page(request, form, title=_("Thêm tài liệu: %(t)s") % {"t": submission.title},
                      back=submission.session.get_absolute_url(), multipart=True)


@login_required
def submission_document_file(request, pk: int):
    document = get_object_or_404(SubmissionDocument, pk=pk)
    get_submission_for_user(
        request.user, document.submission_id
    )  # whoever may see the submission may read its documents
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )


class SubmissionListView(RegisterView):
    title = gettext_lazy("Tờ trình trình kỳ họp")
    template_name = "sessions/submission_list.html"
    filterset_class = SubmissionFilter
    columns = [
        Column(gettext_lazy("Tờ trình"), "title"),
        Column(gettext_lazy("Kỳ họp"), lambda s: f"Kỳ họp thứ {s.session.number}"),
        Column(gettext_lazy("Cơ quan trình"), "presenting_body.name"),
        Column(gettext_lazy("Hạn gửi"), "due_on"),
        Column(gettext_lazy("Ngày gửi"), "submitted_on"),
        Column(gettext_lazy("Tình trạng"), "timeliness"),
        Column(gettext_lazy("Hạn thẩm tra"), "review_due_on"),
        Column(gettext_lazy("Thẩm tra"), "review_timeliness"),
    ]

    def base_queryset(self):
        return visible_submissions(self.request.user).order_by(*SUBMISSION_REGISTER_ORDERING)


submission_list = SubmissionListView.as_view()


@login_required
def submission_history(request, pk: int):
    submission = get_submission_for_user(request.user, pk)
    return history_page(request, submission, back_url=submission.session.get_absolute_url())
