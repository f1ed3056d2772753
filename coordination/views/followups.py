"""Follow-ups: the register, a follow-up's page, recording its completion, its evidence."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination import services
from coordination.filters import FollowUpFilter, followup_tab_counts, followup_tab_of, followup_tabs
from coordination.forms import (
    FollowUpCommentForm,
    FollowUpCompleteForm,
    FollowUpExtendForm,
    FollowUpNudgeForm,
    FollowUpReassignForm,
    apply_service_error,
)
from coordination.history import HistoryRow, history_page, person_name
from coordination.listing import CappedPaginator, Column, RegisterView, trigram_search_filter
from coordination.models import OutboxMessage
from coordination.permissions import Need, get_followup_for_user, visible_followups
from coordination.providers import followup_complete_by_subject, followup_page_context

COMMENTS_SHOWN = 200
# Each tab counts at most this many rows and one more (a tab past it reads "hơn 1.000"), and a list past it
# shows its first thousand rows and asks to be narrowed, as the petitions' register does: counting 10,000
# rows of each of six tabs was most of the page at 100,000 follow-ups, and a search matching few rows read
# every row six times.
TAB_COUNT_CAP = 1_000  # the page shows the latest this many, oldest first; the history shows them all


def status_label(followup) -> str:
    label = (
        gettext("Quá hạn %(n)s ngày") % {"n": followup.days_overdue}
        if followup.is_overdue
        else followup.get_status_display()
    )
    if followup.extended_from is not None and followup.status == followup.Status.OPEN:
        label = gettext("%(status)s · Gia hạn đến %(day)s") % {
            "status": label, "day": f"{followup.due_on:%d/%m/%Y}"}
    return label


class FollowUpPaginator(CappedPaginator):
    """The list's pages, counted by the tab counts already made (``known``: the tab's count, up to the cap
    and one more), so the page runs no count of its own; past the cap the rows stop there (``capped``)."""

    cap = TAB_COUNT_CAP
    counts_past_cap = True  # "Có hơn 1.000 kết quả" (includes/register.html): it knows there are more
    known: int | None = None

    @cached_property
    def total(self) -> int:
        """How many rows the tab holds, up to ``cap`` + 1."""
        if self.known is not None:
            return self.known
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.cap, self.total)

    @property
    def capped(self) -> bool:
        return self.total > self.cap


class FollowUpListView(RegisterView):
    title = _("Việc cần theo dõi")
    template_name = "coordination/followup_list.html"
    filterset_class = FollowUpFilter
    paginator_class = FollowUpPaginator
    columns = [
        Column(_("Nội dung công việc"), "title"),
        Column(_("Cơ quan chủ trì"), "lead_body.short_name"),
        Column(_("Người chịu trách nhiệm"), "responsible.full_name"),
        Column(_("Thời hạn"), "due_on"),
        Column(_("Tình trạng"), status_label),
        Column(_("Hoàn thành lúc"), "completed_at"),
        Column(_("Căn cứ"), "source_label"),
    ]

    def search(self, queryset, query: str):
        return trigram_search_filter(queryset, query, self.search_field)

    def base_queryset(self):
        return visible_followups(self.request.user).select_related("lead_body", "responsible")

    def get_queryset(self):
        """The rows of the chosen tab (``?state=``); the page, its print view and its Excel file alike."""
        self.filtered = super().get_queryset()  # door, filters, search: what every tab counts
        self.tabs = followup_tabs(self.request.user, timezone.localdate())
        self.tab = followup_tab_of(self.tabs, self.request.GET.get("state"))
        self.title = gettext("%(list)s — %(tab)s") % {"list": type(self).title, "tab": self.tab.label}
        rows = self.filtered if self.tab.rows is None else self.filtered.filter(self.tab.rows)
        return rows.order_by(*self.tab.ordering)

    @cached_property
    def tab_counts(self) -> dict[str, int]:
        """Each tab's rows, up to the cap (TAB_COUNT_CAP) + 1, in one query (after ``get_queryset``)."""
        return followup_tab_counts(self.filtered, self.tabs, self.paginator_class.cap + 1)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.known = self.tab_counts[self.tab.key]
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts, cap = self.tab_counts, self.paginator_class.cap
        params = self.request.GET.copy()
        for name in ("state", "page", "format"):
            params.pop(name, None)
        context.update(
            tabs=[(tab, min(counts[tab.key], cap), counts[tab.key] > cap)
                  for tab in self.tabs],
            tab=self.tab,
            tab_querystring=params.urlencode(),
        )
        return context


followup_list = FollowUpListView.as_view()


@login_required
def followup_detail(request, pk: int):
    followup = get_followup_for_user(request.user, pk)
    context = {
        "followup": followup,
        "title": followup.title,
        "can_change": followup.can.change,
        "cooperating": followup.cooperating_bodies.all(),
        "messages_sent": OutboxMessage.objects.filter(followup=followup)
        .select_related("recipient")
        .order_by("created_at")[:50],
        "complete_form": FollowUpCompleteForm(),
        "nudge_form": FollowUpNudgeForm(),
        "nudges": nudges_of(followup),
        "comments": comments_of(followup),
        "comment_form": FollowUpCommentForm() if followup.can.comment else None,
        "followup_reassign_form": (
            FollowUpReassignForm(followup=followup) if can_assign_open(followup) else None
        ),
        "followup_extend_form": FollowUpExtendForm() if can_assign_open(followup) else None,
        "today": timezone.localdate(),
        "workflow_url": followup.workflow_url(),
        # The subject's app adds its own (a plan task: its plan, schedule, changes, re-assign and extend
        # forms).
        **followup_page_context(followup=followup, user=request.user),
    }
    return render(request, "coordination/followup_detail.html", context)


def comments_of(followup) -> list:
    """The latest comments, oldest first, with their authors (one query)."""
    latest = followup.comments.select_related("by").order_by("-created_at", "-id")[:COMMENTS_SHOWN]
    return list(reversed(latest))


def can_assign_open(followup) -> bool:
    return followup.status == followup.Status.OPEN and followup.can.assign


@login_required
def followup_history(request, pk: int):
    """The follow-up's changes (re-assignments and extensions with their reasons) and its comments, newest
    first."""
    followup = get_followup_for_user(request.user, pk)
    comments = [
        HistoryRow(c.created_at, person_name(c.by), gettext("Ý kiến: %(text)s") % {"text": c.text}, "")
        for c in followup.comments.select_related("by")
    ]
    return history_page(request, followup, back_url=followup.get_absolute_url(), extra_rows=comments)


def _action_page(request, followup, *, form, action: str, heading: str, button: str):
    """A follow-up's form sent back with what is wrong (nothing was saved)."""
    context = {"followup": followup, "form": form, "title": followup.title, "action": action,
               "heading": heading, "button": button}
    return render(request, "coordination/followup_action.html", context, status=400)


@login_required
@require_POST
def followup_comment(request, pk: int):
    """A comment on the follow-up by a member who may write (``Need.COMMENT``), mailed to those who owe
    it."""
    followup = get_followup_for_user(request.user, pk, need=Need.COMMENT)
    form = FollowUpCommentForm(request.POST)
    if form.is_valid():
        try:
            services.followup_comment(followup=followup, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, gettext("Đã ghi ý kiến và gửi tới người chịu trách nhiệm."))
            return redirect(followup.get_absolute_url() + "#comments")
    return _action_page(request, followup, form=form, action="followups:comment",
                        heading=gettext("Ý kiến"), button=gettext("Gửi ý kiến"))


@login_required
@require_POST
def followup_reassign(request, pk: int):
    """Another lead body and/or responsible person of the same unit (``Need.ASSIGN``), for a reason."""
    followup = get_followup_for_user(request.user, pk, need=Need.ASSIGN)
    form = FollowUpReassignForm(request.POST, followup=followup)
    if followup.status != followup.Status.OPEN:
        form.add_error(None, gettext("Chỉ giao lại việc đang thực hiện."))
    elif form.is_valid():
        data = form.cleaned_data
        try:
            followup = services.followup_reassign(
                followup=followup, lead_body=data["lead_body"], responsible=data["responsible"],
                reason=data["reason"], by=request.user,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, gettext("Đã giao lại: %(body)s — %(person)s.") % {
                "body": followup.lead_body.name, "person": followup.responsible})
            return redirect(followup.get_absolute_url())
    return _action_page(request, followup, form=form, action="followups:reassign",
                        heading=gettext("Giao lại việc"), button=gettext("Giao lại"))


@login_required
@require_POST
def followup_extend(request, pk: int):
    """A new deadline, not before today nor the current one (``Need.ASSIGN``), for a reason."""
    followup = get_followup_for_user(request.user, pk, need=Need.ASSIGN)
    form = FollowUpExtendForm(request.POST)
    if form.is_valid():
        try:
            followup = services.followup_extend(
                followup=followup, due_on=form.cleaned_data["due_on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, gettext("Đã gia hạn đến %(day)s.") % {
                "day": f"{followup.due_on:%d/%m/%Y}"})
            return redirect(followup.get_absolute_url())
    return _action_page(request, followup, form=form, action="followups:extend",
                        heading=gettext("Gia hạn"), button=gettext("Gia hạn"))


@login_required
@require_POST
def followup_complete(request, pk: int):
    followup = get_followup_for_user(request.user, pk, need=Need.CHANGE)
    if followup.workflow_url() is not None:
        # Closed by its own app's workflow (answer, verification): completing it here would bypass that.
        messages.error(
            request,
            gettext(
                "Không ghi nhận hoàn thành tại đây: việc này hoàn thành khi được xử lý tại trang của nó."
            ),
        )
        return redirect(followup.get_absolute_url())
    form = FollowUpCompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "coordination/followup_complete.html", {"followup": followup, "form": form,
                                                                      "title": followup.title}, status=400)
    outcome, evidence = form.cleaned_data["outcome"], form.cleaned_data["evidence"]
    if not followup_complete_by_subject(
        followup=followup, outcome=outcome, evidence=evidence, by=request.user
    ):
        services.followup_complete(followup=followup, outcome=outcome, evidence=evidence)
    messages.success(request, gettext("Đã ghi nhận hoàn thành: %(t)s") % {"t": followup.title})
    return redirect(followup.get_absolute_url())


def nudges_of(followup) -> dict:
    """What the page says of the leaders' reminders: how many, the last day."""
    return followup.nudges.aggregate(count=Count("pk"), last=Max("on"))


@login_required
@require_POST
def followup_nudge(request, pk: int):
    """A leader of the unit reminds whoever owes an overdue follow-up ("Đôn đốc"), from its page or the
    dashboard; back to where they pressed it."""
    followup = get_followup_for_user(request.user, pk, need=Need.NUDGE)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = followup.get_absolute_url()
    if not followup.is_overdue:
        messages.error(request, gettext("Việc «%(t)s» không còn quá hạn: không cần đôn đốc.") % {
            "t": followup.title})
        return redirect(back)
    form = FollowUpNudgeForm(request.POST)
    if not form.is_valid():
        context = {"followup": followup, "nudge_form": form, "title": followup.title}
        return render(request, "coordination/followup_nudge.html", context, status=400)
    _nudge, created = services.followup_nudge(
        followup=followup, by=request.user, message=form.cleaned_data["message"]
    )
    if created:
        messages.success(request, gettext("Đã đôn đốc: %(t)s") % {"t": followup.title})
    else:
        messages.info(request, gettext("Việc «%(t)s» đã được đôn đốc hôm nay: không gửi thêm thư.") % {
            "t": followup.title})
    return redirect(back)


@login_required
def followup_evidence(request, pk: int):
    followup = get_followup_for_user(request.user, pk)
    if not followup.evidence:
        raise Http404
    return FileResponse(
        followup.evidence.open("rb"), as_attachment=True, filename=followup.evidence.name.rsplit("/", 1)[-1]
    )
