"""Follow-ups: the register, a follow-up's page, recording its completion, its evidence."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination import services
from coordination.filters import FollowUpFilter, followup_tab_counts, followup_tab_of, followup_tabs
from coordination.forms import FollowUpCompleteForm, FollowUpNudgeForm
from coordination.history import history_page
from coordination.listing import CappedPaginator, Column, RegisterView
from coordination.models import OutboxMessage
from coordination.permissions import Need, get_followup_for_user, visible_followups
from coordination.providers import followup_complete_by_subject, followup_page_context


def status_label(followup) -> str:
    return (
        gettext("Quá hạn %(n)s ngày") % {"n": followup.days_overdue}
        if followup.is_overdue
        else followup.get_status_display()
    )


class FollowUpListView(RegisterView):
    title = _("Việc cần theo dõi")
    template_name = "coordination/followup_list.html"
    filterset_class = FollowUpFilter
    paginator_class = CappedPaginator
    columns = [
        Column(_("Nội dung công việc"), "title"),
        Column(_("Cơ quan chủ trì"), "lead_body.short_name"),
        Column(_("Người chịu trách nhiệm"), "responsible.full_name"),
        Column(_("Thời hạn"), "due_on"),
        Column(_("Tình trạng"), status_label),
        Column(_("Hoàn thành lúc"), "completed_at"),
        Column(_("Căn cứ"), "source_label"),
    ]

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = followup_tab_counts(self.filtered, self.tabs, CappedPaginator.cap)
        params = self.request.GET.copy()
        for name in ("state", "page", "format"):
            params.pop(name, None)
        context.update(
            tabs=[(tab, counts[tab.key], counts[tab.key] >= CappedPaginator.cap) for tab in self.tabs],
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
        "today": timezone.localdate(),
        "workflow_url": followup.workflow_url(),
        # The subject's app adds its own (a plan task: its plan, schedule, changes, re-assign and extend
        # forms).
        **followup_page_context(followup=followup, user=request.user),
    }
    return render(request, "coordination/followup_detail.html", context)


@login_required
def followup_history(request, pk: int):
    followup = get_followup_for_user(request.user, pk)
    return history_page(request, followup, back_url=followup.get_absolute_url())


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
