"""The regulation pages: the register, a regulation, its edits, obligations, signatures, history, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coordination.deadline_rules import law_names
from coordination.forms import apply_service_error
from coordination.listing import Column, RegisterView
from coordination.permissions import Need, access_for
from coordination.services import report_request
from coordination.text import sentence_case
from regulations import services
from regulations.consistency import regulation_consistency
from regulations.filters import RegulationFilter
from regulations.forms import (
    ArticleForm,
    ObligationForm,
    RegulationForm,
    ScanForm,
    SignForm,
    TransitionForm,
    VersionForm,
)
from regulations.models import Article, Clause, Obligation, Party, Regulation
from regulations.permissions import (
    get_article_for_user,
    get_obligation_for_user,
    get_party_for_user,
    get_regulation_for_user,
    units_for_import,
    visible_regulations,
)
from regulations.versions import compare_versions, regulation_changes, regulation_text, regulation_text_on

STATUS_BADGES = {
    Regulation.Status.DRAFT: "warn",
    Regulation.Status.NEGOTIATING: "warn",
    Regulation.Status.IN_FORCE: "ok",
    Regulation.Status.SUPERSEDED: "info",
    Regulation.Status.EXPIRED: "info",
    Regulation.Status.REPEALED: "bad",
}

# Up to this many articles a regulation's chapters open unfolded.
FEW_ARTICLES = 6


class RegulationListView(RegisterView):
    title = gettext_lazy("Quy chế phối hợp")
    template_name = "regulations/regulation_list.html"
    filterset_class = RegulationFilter
    columns = [
        Column(gettext_lazy("Số, ký hiệu"), "number"),
        Column(gettext_lazy("Tên quy chế"), lambda r: sentence_case(r.title)),
        Column(gettext_lazy("Đơn vị"), "unit.name"),
        Column(gettext_lazy("Nhiệm kỳ"), lambda r: str(r.term) if r.term else ""),
        Column(gettext_lazy("Bên ký kết"), lambda r: ", ".join(str(p.body) for p in r.parties.all())),
        Column(gettext_lazy("Trạng thái"), "get_status_display"),
        Column(gettext_lazy("Ngày ký"), "signed_on"),
        Column(gettext_lazy("Hiệu lực từ"), "effective_from"),
        Column(gettext_lazy("Số điều"), "article_count"),
    ]

    def base_queryset(self):
        return (
            visible_regulations(self.request.user)
            .select_related("unit", "term")
            .prefetch_related(Prefetch("parties", queryset=Party.objects.select_related("body")))
            .annotate(article_count=Count("articles", distinct=True))
            .order_by("-effective_from", "-signed_on", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = units_for_import(self.request.user).exists()
        return context


regulation_list = RegulationListView.as_view()


@login_required
def regulation_detail(request, pk: int):
    regulation = get_regulation_for_user(request.user, pk)
    clauses = Prefetch("clauses", queryset=Clause.objects.prefetch_related("points"))
    obligations = Prefetch(
        "obligations",
        queryset=Obligation.objects.select_related("lead_body", "clause", "area").prefetch_related(
            "cooperating_bodies"
        ),
    )
    articles = list(
        Article.objects.filter(regulation=regulation)
        .select_related("chapter", "section__chapter")
        .prefetch_related(clauses, obligations, "areas")
    )
    names = law_names()
    for article in articles:
        article.regulation = regulation  # citations without a query per article
        for obligation in article.obligations.all():
            obligation.law_name = names.get(obligation.deadline_code, "")
    chapters = list(regulation.chapters.prefetch_related("sections"))
    # The door's answers (regulation.can) read these parties: one query for the page and the door.
    with_bodies = Prefetch("parties", queryset=Party.objects.select_related("body", "recorded_by"))
    prefetch_related_objects([regulation], with_bodies)
    parties = list(regulation.parties.all())
    context = {
        "regulation": regulation,
        "title": sentence_case(regulation.title),
        "parties": parties,
        "outside": [a for a in articles if a.chapter_id is None],
        "chapters": [(c, [a for a in articles if a.chapter_id == c.pk]) for c in chapters],
        # A short text is read whole; a long one opens folded, its table of contents beside it.
        "chapters_open": len(chapters) <= 1 or len(articles) <= FEW_ARTICLES,
        "can_edit": regulation.can.change,
        "signable": {
            p.pk
            for p in parties
            if regulation.is_editable and access_for(request.user).is_leader_of(p.body_id)
        },
        "transitions": transition_buttons(regulation) if regulation.can.move else [],
        "can_move": regulation.can.move,
        "amended_by": regulation.amended_by.select_related("regulation"),
        "proposed_count": sum(
            1 for a in articles for o in a.obligations.all() if o.status == Obligation.Status.PROPOSED
        ),
        "badge": STATUS_BADGES[regulation.status],
        "status_changes": regulation.status_changes.select_related("by"),
        "print": request.GET.get("format") == "print",
    }
    template = (
        "regulations/regulation_print.html" if context["print"] else "regulations/regulation_detail.html"
    )
    return render(request, template, context)


@login_required
def regulation_edit(request, pk: int):
    regulation = get_regulation_for_user(request.user, pk, need=Need.CHANGE)
    if not regulation.is_editable:
        messages.error(request, services.HEADER_LOCKED)
        return redirect(regulation)
    form = RegulationForm(request.POST or None, instance=regulation)
    if request.method == "POST" and form.is_valid():
        try:
            services.regulation_update(regulation=regulation, by=request.user, **form.cleaned_data)
        except services.RegulationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu thông tin chung của quy chế."))
        return redirect(regulation)
    return render(
        request,
        "regulations/regulation_form.html",
        {"form": form, "regulation": regulation, "title": _("Sửa thông tin quy chế")},
    )


@login_required
def obligation_edit(request, pk: int):
    obligation = get_obligation_for_user(request.user, pk, need=Need.CHANGE)
    form = ObligationForm(request.POST or None, instance=obligation)
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_update(
                obligation=obligation,
                by=request.user,
                confirm=bool(request.POST.get("confirm")),
                **form.cleaned_data,
            )
        except services.RegulationError as exc:
            form.add_error("lead_body", str(exc))
        else:
            messages.success(
                request, _("Đã lưu nghĩa vụ tại %(citation)s.") % {"citation": obligation.citation}
            )
            return redirect(f"{obligation.regulation.get_absolute_url()}#{obligation.article.anchor}")
    return render(
        request,
        "regulations/obligation_form.html",
        {
            "form": form,
            "obligation": obligation,
            "title": _("Nghĩa vụ tại %(c)s") % {"c": obligation.citation},
        },
    )


@login_required
@require_POST
def obligation_decide(request, pk: int):
    obligation = get_obligation_for_user(request.user, pk, need=Need.CHANGE)
    try:
        if request.POST.get("decision") == "reject":
            services.obligation_reject(obligation=obligation, by=request.user)
            messages.success(request, _("Đã đánh dấu không áp dụng: %(c)s.") % {"c": obligation.citation})
        else:
            services.obligation_confirm(obligation=obligation, by=request.user)
            messages.success(request, _("Đã xác nhận nghĩa vụ tại %(c)s.") % {"c": obligation.citation})
    except services.RegulationError as exc:
        messages.error(request, str(exc))
    return redirect(f"{obligation.regulation.get_absolute_url()}#{obligation.article.anchor}")


@login_required
@require_POST
def obligations_confirm_all(request, pk: int):
    regulation = get_regulation_for_user(request.user, pk, need=Need.CHANGE)
    count = services.obligations_confirm_all(regulation=regulation, by=request.user)
    left = regulation.obligations.filter(status=Obligation.Status.PROPOSED).count()
    messages.success(request, _("Đã xác nhận %(n)s nghĩa vụ.") % {"n": count})
    if left:
        messages.warning(
            request, _("Còn %(n)s nghĩa vụ chưa có cơ quan chủ trì: hãy sửa từng nghĩa vụ.") % {"n": left}
        )
    return redirect(regulation)


@login_required
def party_sign(request, pk: int):
    party = get_party_for_user(request.user, pk, need=Need.SIGN)
    # The text's signer is only a proposal: the leader confirms or corrects name, title and date.
    initial = {"signed_on": timezone.localdate(),
               "signer_name": party.proposed_signer_name or request.user.get_full_name(),
               "signer_title": party.proposed_signer_title}
    form = SignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_sign(party=party, by=request.user, **form.cleaned_data)
        except services.RegulationError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # Party.clean(): not signed after today
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận chữ ký của %(body)s.") % {"body": party.body})
            return redirect(party.regulation)
    return render(
        request, "regulations/party_sign.html", {"form": form, "party": party, "title": _("Ghi nhận chữ ký")}
    )


TRANSITION_TITLES = {
    Regulation.Status.NEGOTIATING: gettext_lazy("Chuyển sang đang thống nhất"),
    Regulation.Status.DRAFT: gettext_lazy("Trả lại dự thảo"),
    Regulation.Status.IN_FORCE: gettext_lazy("Cho quy chế có hiệu lực"),
    Regulation.Status.EXPIRED: gettext_lazy("Ghi nhận hết hiệu lực"),
    Regulation.Status.REPEALED: gettext_lazy("Ghi nhận bị bãi bỏ"),
}


def transition_buttons(regulation: Regulation) -> list[tuple[str, str]]:
    """(status, button label) of the moves a leader may make from the current status, in a fixed order."""
    allowed = Regulation.MANUAL_TRANSITIONS[regulation.status]
    return [(status, label) for status, label in TRANSITION_TITLES.items() if status in allowed]


@login_required
def regulation_transition(request, pk: int, to_status: str):
    """A confirmation page that states the consequence (GET), then the move itself (POST); leaders of a party
    only."""
    regulation = get_regulation_for_user(request.user, pk, need=Need.MOVE)
    if to_status not in Regulation.Status.values:
        raise Http404
    form = TransitionForm(
        request.POST if request.method == "POST" else (request.GET or None), to_status=to_status
    )
    day = form.cleaned_data.get("effective_from") if form.is_bound and form.is_valid() else None
    if request.method == "POST" and form.is_valid():
        try:
            services.regulation_transition(
                regulation=regulation, to_status=to_status, by=request.user, note=form.cleaned_data["note"],
                effective_from=day,
            )
        except services.RegulationError as exc:
            messages.error(request, str(exc))
        else:
            regulation.refresh_from_db()
            messages.success(
                request, _("Quy chế chuyển sang: %(s)s.") % {"s": regulation.get_status_display()}
            )
            return redirect(regulation)
    plan = services.regulation_transition_plan(regulation=regulation, to_status=to_status, effective_from=day)
    if form.is_bound and not form.is_valid():
        # Each message names its field ("Có hiệu lực từ ngày…: ghi ngày/tháng/năm…", "Ghi chú: tối đa…").
        plan.problems[:0] = [error for errors in form.errors.values() for error in errors]
    return render(request, "regulations/regulation_transition.html", {
        "regulation": regulation, "plan": plan, "form": form, "to_status": to_status,
        "title": TRANSITION_TITLES.get(to_status, Regulation.Status(to_status).label),
        "parties": regulation.parties.select_related("body", "recorded_by"),
    })


@login_required
def article_edit(request, pk: int):
    article = get_article_for_user(request.user, pk, need=Need.CHANGE)
    clauses_text = "\n".join(
        line
        for clause in article.clauses.prefetch_related("points")
        for line in [
            f"{clause.number}. {clause.text}",
            *(f"{p.letter}) {p.text}" for p in clause.points.all()),
        ]
    )
    form = ArticleForm(
        request.POST or None,
        initial={
            "title": article.title,
            "text": article.text,
            "clauses_text": clauses_text,
            "areas": article.areas.all(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(article=article, by=request.user, **form.cleaned_data)
        except services.RegulationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu Điều %(n)s.") % {"n": article.number})
            return redirect(f"{article.regulation.get_absolute_url()}#{article.anchor}")
    return render(
        request, "regulations/article_form.html",
        {"form": form, "article": article, "title": _("Sửa Điều %(n)s") % {"n": article.number}},
    )


@login_required
def regulation_history(request, pk: int):
    regulation = get_regulation_for_user(request.user, pk)
    form = VersionForm(request.GET or None)
    as_of = None
    if form.is_valid() and form.cleaned_data["on"]:
        as_of = regulation_text_on(regulation=regulation, day=form.cleaned_data["on"])
    return render(
        request,
        "regulations/regulation_history.html",
        {
            "regulation": regulation,
            "form": form,
            "as_of": as_of,
            "changes": regulation_changes(regulation=regulation),
            "amended_by": regulation.amended_by.select_related("regulation"),
            "not_yet_in_force": _not_yet_in_force(regulation, form),
            "title": _("Lịch sử thay đổi"),
        },
    )


def _not_yet_in_force(regulation, form) -> str:
    """What to say when the day asked for comes before the regulation took effect."""
    day = form.cleaned_data.get("on") if form.is_valid() else None
    if day and regulation.effective_from and day < regulation.effective_from:
        return _(
            "Ngày %(d)s quy chế chưa có hiệu lực (hiệu lực từ %(f)s); dưới đây là văn bản khi bắt đầu có "
            "hiệu lực."
        ) % {"d": f"{day:%d/%m/%Y}", "f": f"{regulation.effective_from:%d/%m/%Y}"}
    return ""


@login_required
def regulation_compare(request, pk: int):
    """Compare with another regulation (default: the one it supersedes) or with its own text at a date."""
    regulation = get_regulation_for_user(request.user, pk)
    form = VersionForm(request.GET or None)
    other = None
    if form.is_valid() and form.cleaned_data["on"]:
        old = regulation_text_on(regulation=regulation, day=form.cleaned_data["on"])
        later = form.cleaned_data["to"]
        new = (
            regulation_text_on(regulation=regulation, day=later)
            if later
            else regulation_text(regulation=regulation)
        )
        heading = _("Văn bản ngày %(a)s so với %(b)s") % {
            "a": form.cleaned_data["on"].strftime("%d/%m/%Y"), "b": _("ngày %(day)s") % {
                "day": f"{later:%d/%m/%Y}"} if later else _("hiện nay")
        }
    else:
        wanted = request.GET.get("with", "")
        other_id = int(wanted) if wanted.isdecimal() else regulation.supersedes_id or regulation.based_on_id
        if not other_id:
            raise Http404
        other = get_regulation_for_user(request.user, other_id)
        old, new = regulation_text(regulation=other), regulation_text(regulation=regulation)
        heading = _("So với Quy chế số %(n)s") % {"n": other.number}
    rows = compare_versions(old, new)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("same", "changed", "added", "removed")}
    choices = visible_regulations(request.user).filter(unit=regulation.unit).exclude(pk=regulation.pk)
    return render(
        request, "regulations/regulation_compare.html",
        {"regulation": regulation, "other": other, "rows": rows, "counts": counts, "heading": heading,
         "choices": choices, "form": form, "title": _("So sánh quy chế")},
    )


@login_required
def regulation_consistency_view(request, pk: int):
    regulation = get_regulation_for_user(request.user, pk)
    report = regulation_consistency(regulation=regulation)
    if (
        report.parent is not None
        and not visible_regulations(request.user).filter(pk=report.parent.pk).exists()
    ):
        raise PermissionDenied
    return render(
        request, "regulations/regulation_consistency.html",
        {"regulation": regulation, "report": report, "title": _("Đối chiếu với quy chế cấp trên")},
    )


@login_required
@require_POST
def regulation_export(request, pk: int):
    regulation = get_regulation_for_user(request.user, pk)
    kind = {"pdf": "regulation_pdf", "docx": "regulation_docx"}.get(request.POST.get("format", ""))
    if kind is None:
        messages.error(request, _("Định dạng xuất không hợp lệ: chọn PDF hoặc DOCX."))
        return redirect(regulation)
    report = report_request(
        kind=kind, title=_("Quy chế số %(number)s (%(format)s)") % {
            "number": regulation.number, "format": request.POST['format'].upper()},
        params={"regulation_id": regulation.pk}, by=request.user,
    )
    return redirect(report.get_absolute_url())


@login_required
def regulation_scan(request, pk: int):
    """GET downloads the signed copy (any reader); POST uploads it (staff of a party)."""
    if request.method == "POST":
        regulation = get_regulation_for_user(request.user, pk, need=Need.CHANGE)
        form = ScanForm(request.POST, request.FILES)
        if form.is_valid():
            services.regulation_scan_attach(
                regulation=regulation, scanned_copy=form.cleaned_data["scanned_copy"], by=request.user
            )
            messages.success(request, _("Đã lưu bản ký (PDF)."))
        else:
            for error in form.errors.get("scanned_copy", []):
                messages.error(request, error)
        return redirect(regulation)
    regulation = get_regulation_for_user(request.user, pk)
    if not regulation.scanned_copy:
        raise Http404
    return FileResponse(regulation.scanned_copy.open("rb"), as_attachment=True,
                        filename=f"ban-ky-{regulation.pk}.pdf", content_type="application/pdf")

