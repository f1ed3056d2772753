"""Pages of the petitions: the register (with its capped count), detail, route, answer, verify, merge."""

import math
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination.forms import apply_service_error
from coordination.history import history_page
from coordination.listing import CappedPaginator, Column, RegisterView, head_matches_sql, search_words
from coordination.models import BodyKind
from coordination.permissions import Need, access_for
from coordination.services import followups_of
from voters import forms, services
from voters.filters import PetitionFilter
from voters.models import Petition, PetitionStatus
from voters.permissions import get_petition_for_user, visible_petitions
from voters.queries import mention_places, search_in_order

from ._common import TODAY

MERGEABLE = (PetitionStatus.COMPILING, PetitionStatus.FORWARDED)
# Past a thousand matches an officer narrows the search; reading 10,000 cost a search ~150 ms at 1M petitions.
COUNT_CAP = 1_000
# A search first looks for its cap of matches among the table's first HEAD_ROWS rows (about 12 ms at a million
# petitions), when a glance at the first GLANCE_ROWS (1–2 ms) found its share of them there: a search that
# matches fewer rows pays the glance only.
HEAD_ROWS = 20_000
GLANCE_ROWS = 2_000


class CappedCountPaginator(CappedPaginator):
    """Counts at most COUNT_CAP rows: "how many of a million match 'đất đai'" is not worth a full scan."""

    cap = COUNT_CAP

    # A search on PostgreSQL (set by the view): the same rows filtered so that PostgreSQL walks the due-date
    # index.
    in_order = None
    # Set by the view when the register is narrowed to one agency: its petitions are few enough that walking
    # its covering index is cheaper than the trigram index, whose matches elsewhere would all be read and
    # discarded.
    count_in_order = False
    # Set by the view: the rows before the search. The page's rows, whose ids are known, are read back from
    # them by id alone; with the search's LIKEs, PostgreSQL would take the trigram index again (the admin's
    # "nao vet kenh muong thon 12": 165 ms to read 100 rows) instead of the primary key.
    unsearched = None
    # The register's order is (order_field, id), nulls last (the admin's opinions: "id" alone).
    order_field = "due_on"
    # Set by the view with ``unsearched``: the search's words, when no filter narrows the rows. Through a
    # filter few rows pass and no index serves (a rare status, the recurring ones) the head's 20,000 rows
    # could take a scan of the whole table to gather; such a search asks the trigram index at once.
    words = ""

    @cached_property
    def found(self) -> list | None:
        """A search's matches as (due date, id), read once without ORDER BY and sorted here as the register
        sorts them (due date, nulls last, then id); None when there are ``cap`` or more."""
        if self.cap_in_head():
            return None
        matches = self.in_order if self.count_in_order else self.object_list
        rows = list(matches.order_by().values_list(self.order_field, "pk")[: self.cap])
        if len(rows) >= self.cap:
            return None
        return sorted(rows, key=lambda row: (row[0] is None, row[0] or date.min, row[1]))

    def cap_in_head(self) -> bool:
        """Whether the cap of matches is among the table's first HEAD_ROWS rows (in its own order: a
        sequential scan that stops there), the proof common words give for less than the trigram index's
        read of all their candidates. Not through a filter, an agency's too (``words`` is then empty)."""
        words = search_words(self.words)
        if self.in_order is None or self.unsearched is None or not words:
            return False
        rows = self.unsearched.order_by().values("search_text")
        share = math.ceil(self.cap * GLANCE_ROWS / HEAD_ROWS)
        glance, glance_params = head_matches_sql(rows[:GLANCE_ROWS], words, limit=share)
        head, head_params = head_matches_sql(rows[:HEAD_ROWS], words, limit=self.cap)
        with connections[self.unsearched.db].cursor() as cursor:
            # PostgreSQL reads the head only when the glance found its share.
            cursor.execute(
                f"SELECT CASE WHEN ({glance}) >= %s THEN ({head}) ELSE 0 END",
                [*glance_params, share, *head_params],
            )
            return cursor.fetchone()[0] >= self.cap

    @cached_property
    def count(self):
        if self.in_order is not None:
            return self.cap if self.found is None else len(self.found)
        return super().count

    def page(self, number):
        page = super().page(number)
        if self.in_order is None:
            return page
        bottom = (page.number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.found is None:
            # Many matches: the page is near the start of the due-date index, so walk it with an early LIMIT
            # (ids only: an index-only scan of the covering index), then read those rows.
            ids = list(self.in_order.values_list("pk", flat=True)[bottom:top])
        else:
            # Few: the matches were read for the count already.
            ids = [pk for _, pk in self.found[bottom:top]]
        rows = self.object_list if self.unsearched is None else self.unsearched
        page.object_list = rows.filter(pk__in=ids)  # in the register's order
        return page


class PetitionListView(RegisterView):
    """The inbox: by default what the user's agencies owe, soonest due first."""

    title = _("Kiến nghị cử tri")
    paginator_class = CappedCountPaginator
    template_name = "voters/petition_list.html"
    filterset_class = PetitionFilter
    columns = [
        Column(_("Số"), "number"),
        Column(_("Nội dung kiến nghị"), "title"),
        Column(_("Đợt tiếp xúc"), "round.title"),
        Column(_("Lĩnh vực"), "field.name"),
        Column(_("Cơ quan giải quyết"), "agency.short_name"),
        Column(_("Hạn trả lời"), "due_on"),
        Column(_("Trạng thái"), "get_status_display"),
        Column(_("Kết quả"), "get_category_display"),
        Column(_("Tái diễn"), "is_recurring"),
    ]

    def base_queryset(self):
        return visible_petitions(self.request.user).select_related("round", "field", "agency").order_by(
            "due_on", "id"
        )

    def search(self, queryset, query):
        # The paginator's plan for many matches relies on the register's order (due date, id): keep them
        # together.
        ordered = list(queryset.query.order_by) == ["due_on", "id"]
        self.search_in_order = (
            search_in_order(queryset, query) if connection.vendor == "postgresql" and ordered else None
        )
        self.unsearched, self.search_query = queryset, query
        return super().search(queryset, query)

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.in_order = getattr(self, "search_in_order", None)
        paginator.unsearched = getattr(self, "unsearched", None)
        chosen = (
            getattr(self.filterset.form, "cleaned_data", {}) if self.filterset else {}
        )  # unbound: no filter
        paginator.count_in_order = bool(chosen.get("agency"))
        narrowed = any(value not in (None, "") for value in chosen.values())
        paginator.words = "" if narrowed else getattr(self, "search_query", "")
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = access_for(self.request.user)
        mine = access.body_ids()
        # The filter's agencies (read once for its select) hold the user's own, in the same order.
        context["my_agencies"] = [
            body for body in self.filterset.form.fields["agency"].queryset
            if body.pk in mine and body.kind == BodyKind.AGENCY
        ]
        context["actions"] = [
            (reverse("voters:round_list"), _("Đợt tiếp xúc")),
            (reverse("voters:results"), _("Báo cáo kết quả")),
        ]
        context["today"] = TODAY()
        return context


petition_list = PetitionListView.as_view()


def _petition_page(request, petition: Petition, status: int = 200, **bound):
    """``petition`` comes from its door, with what the user may do with it (``petition.can``)."""
    compile_ok, answer_ok, verify_ok = petition.can.compile, petition.can.answer, petition.can.verify
    opinions = petition.opinions.select_related("meeting", "meeting__place_unit").order_by(
        "meeting__held_on", "id"
    )
    today = TODAY()
    context = {
        "petition": petition,
        # Its answer was judged unsatisfactory or its promised deadline passed: that answer is superseded.
        "reopened": petition.status == PetitionStatus.REOPENED,
        "opinions": opinions,
        "places": mention_places(petition),
        "title": str(petition),
        "followups": followups_of(petition).select_related("lead_body").order_by("id"),
        "history": petition.history.select_related("history_user").order_by("-history_date")[:30],
        "merged_from": petition.merged_from.order_by("number"),
        "recurrences": petition.recurrences.select_related("round"),
        "route_form": bound.get("route_form")
        or (
            forms.RouteForm(
                petition=petition,
                initial={
                    "title": petition.title,
                    "field": petition.field_id,
                    "competence": petition.competence,
                    "agency": petition.agency_id,
                    "received_on": petition.received_on or today,
                },
            )
            if compile_ok and petition.status in (PetitionStatus.COMPILING, PetitionStatus.FORWARDED)
            else None
        ),
        "answer_form": bound.get("answer_form")
        or (
            forms.AnswerForm(initial={"answered_on": today})
            if answer_ok and petition.status in (PetitionStatus.FORWARDED, PetitionStatus.REOPENED)
            else None
        ),
        "verify_form": bound.get("verify_form")
        or (forms.VerifyForm() if verify_ok and petition.status == PetitionStatus.ANSWERED else None),
        "merge_form": bound.get("merge_form")
        or (forms.MergeForm() if compile_ok and petition.status in MERGEABLE else None),
        "recurring": services.recurring_candidates(petition=petition)
        if compile_ok and not petition.is_recurring
        else [],
    }
    return render(request, "voters/petition_detail.html", context, status=status)


@login_required
def petition_detail(request, pk: int):
    return _petition_page(request, get_petition_for_user(request.user, pk))


@login_required
def petition_history(request, pk: int):
    petition = get_petition_for_user(request.user, pk)
    return history_page(request, petition, back_url=petition.get_absolute_url())


def _petition_action(request, pk: int, need: Need, form_class, form_key: str, perform, done: str):
    petition = get_petition_for_user(request.user, pk, need=need)
    kwargs = {"petition": petition} if form_class is forms.RouteForm else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            perform(petition, form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(petition)
    petition.refresh_from_db()
    return _petition_page(request, petition, status=400, **{form_key: form})


@login_required
@require_POST
def petition_route(request, pk: int):
    return _petition_action(
        request,
        pk,
        Need.COMPILE,
        forms.RouteForm,
        "route_form",
        lambda p, d: services.petition_route(petition=p, **d),
        _("Đã chuyển kiến nghị đến cơ quan giải quyết."),
    )


@login_required
@require_POST
def petition_answer(request, pk: int):
    return _petition_action(request, pk, Need.ANSWER, forms.AnswerForm, "answer_form",
                            lambda p, d: services.petition_answer(petition=p, **d), _("Đã ghi nhận trả lời."))


@login_required
def petition_answer_file(request, pk: int):
    """The agency's answer document, to whoever may read the petition."""
    petition = get_petition_for_user(request.user, pk)
    if not petition.answer_file:
        raise Http404
    return FileResponse(petition.answer_file.open("rb"), as_attachment=True,
                        filename=petition.answer_file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def petition_verify(request, pk: int):
    return _petition_action(
        request,
        pk,
        Need.VERIFY,
        forms.VerifyForm,
        "verify_form",
        lambda p, d: services.petition_verify(petition=p, **d),
        _("Đã ghi nhận đánh giá."),
    )


@login_required
@require_POST
def petition_merge(request, pk: int):
    def perform(petition, data):
        target = petition.round.petitions.filter(number=data["target"]).first()
        if target is None:
            raise ValidationError({"target": _("Đợt này không có kiến nghị số %(number)s.") % {
                "number": data["target"]}})
        services.petition_merge(source=petition, target=target)

    return _petition_action(request, pk, Need.COMPILE, forms.MergeForm, "merge_form", perform,
                            _("Đã gộp kiến nghị; mọi điểm tiếp xúc được giữ lại."))


@login_required
@require_POST
def petition_recurring(request, pk: int):
    petition = get_petition_for_user(request.user, pk, need=Need.COMPILE)
    previous_id = request.POST.get("previous", "")
    if not previous_id.isdecimal():  # a forged or careless value gets a message, not a 500
        messages.error(request, _("Kiến nghị tái diễn: hãy chọn một kiến nghị trước đó trong danh sách."))
        return redirect(petition)
    previous = get_object_or_404(visible_petitions(request.user).select_related("round"), pk=int(previous_id))
    try:
        services.petition_link_recurring(petition=petition, previous=previous)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đánh dấu kiến nghị tái diễn (đề xuất chất vấn)."))
    return redirect(petition)
