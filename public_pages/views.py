"""The public pages: no login, GET only, nothing personal. Each view goes through ``public_view``
(rate limit for anonymous clients, short page cache) and reads only published rounds
(voters.queries.published_rounds / published_petitions): anything else is 404."""

import csv
import json
from datetime import date

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.listing import capped_counts
from coordination.models import AdministrativeUnit
from regulations.models import Article, Clause, Regulation
from voters.models import OWED_STATUSES, Petition, PetitionStatus, ReceptionDay
from voters.queries import (
    parse_public_code,
    public_code,
    published_petitions,
    published_rounds,
    search_in_order,
)

from .filters import PublicPetitionFilter, published_round_ids
from .paging import COUNT_CAP, SEARCH_COUNT_CAP, PublicPaginator
from .throttle import public_view

PAGE_SIZE = 50
ROUND_COUNT_CAP = 1_000
# The rounds entered last first, each in its numbers' order: the columns of the petition itself, so that
# PostgreSQL walks one index (voters' petition_public) and stops at the page, at a million petitions too.
PUBLIC_ORDER = ("-round_id", "number")
FOLDED_FILTERS = ("unit", "round", "field", "agency", "status")
ANSWERED_STATUSES = (PetitionStatus.ANSWERED, PetitionStatus.SATISFIED, PetitionStatus.REOPENED)


# Past a 32-bit integer no row exists (and SQLite refuses to compare): a URL or filter naming one is 404.
MAX_ID = 2**31 - 1


def _known(*ids: int) -> None:
    if any(i > MAX_ID for i in ids):
        raise Http404


def timeliness(petition: Petition, today: date) -> tuple[str, bool]:
    """On time or late, as a voter reads it, and whether it is late."""
    if petition.answered_on is not None:
        on_time = petition.answered_on_time
        if on_time is None and petition.due_on is not None:
            on_time = petition.answered_on <= petition.due_on
        if on_time is None:
            return _("Đã trả lời"), False
        return (_("Trả lời đúng hạn"), False) if on_time else (_("Trả lời quá hạn"), True)
    if petition.status in OWED_STATUSES and petition.due_on is not None:
        if petition.due_on < today:
            return _("Quá hạn, chưa trả lời"), True
        return _("Trong hạn trả lời"), False
    if petition.status == PetitionStatus.COMPILING:
        return _("Chưa chuyển cơ quan giải quyết"), False
    return "—", False


def _decorate(petitions, today: date):
    for petition in petitions:
        petition.code = public_code(petition)
        petition.timeliness, petition.late = timeliness(petition, today)
        petition.public_url = reverse("public:petition", args=[petition.round_id, petition.number])
    return petitions


def _petition_page(request, queryset, unsearched=None, words="", *, cap=None):
    paginator = PublicPaginator(queryset, PAGE_SIZE, cap=cap or COUNT_CAP)
    if unsearched is not None:
        paginator.unsearched, paginator.words = unsearched, words
        paginator.in_order = search_in_order(unsearched, words)
    page = paginator.get_page(request.GET.get("page"))
    _decorate(page.object_list, timezone.localdate())
    return page


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@public_view
def index(request):
    published_units = published_rounds().values("unit_id")
    units = list(AdministrativeUnit.objects.filter(pk__in=published_units).order_by("name"))
    counts = published_rounds().values("unit_id").annotate(n=Count("pk")).order_by()
    by_unit = {row["unit_id"]: row["n"] for row in counts}
    for unit in units:
        unit.round_count = by_unit.get(unit.pk, 0)
    return render(request, "public/index.html", {
        "title": gettext_lazy("Kết quả giải quyết kiến nghị cử tri"), "units": units,
        "filter": PublicPetitionFilter(None), "lookup_error": request.GET.get("loi") == "ma",
    })


@public_view
def unit(request, pk: int):
    _known(pk)
    unit_ = get_object_or_404(AdministrativeUnit, pk=pk)
    rounds = list(published_rounds().filter(unit=unit_).order_by("-starts_on", "-id"))
    # Each round's petitions counted to a thousand at most, in one query (a round of 50,000 is "hơn 1.000";
    # its own page counts further).
    counts = capped_counts({r.pk: published_petitions().filter(round=r) for r in rounds}, ROUND_COUNT_CAP + 1)
    for r in rounds:
        r.petition_count = min(counts[r.pk], ROUND_COUNT_CAP)
        r.petition_capped = counts[r.pk] > ROUND_COUNT_CAP
    regulations = list(_regulations_in_force().filter(unit=unit_))
    upcoming = list(_receptions().filter(host_body__unit=unit_, day__gte=timezone.localdate())[:10])
    if not rounds and not regulations and not upcoming:
        raise Http404
    return render(request, "public/unit.html", {
        "title": unit_.name, "unit": unit_, "rounds": rounds, "regulations": regulations,
        "receptions": upcoming,
    })


@public_view
def round_(request, pk: int):
    _known(pk)
    round_obj = get_object_or_404(published_rounds(), pk=pk)
    petitions = published_petitions().filter(round=round_obj).order_by("number")  # unique in its round
    page = _petition_page(request, petitions)
    return render(request, "public/round.html", {
        "title": round_obj.title, "round": round_obj, "page_obj": page, "querystring": "",
    })


@public_view
def petitions(request):
    # The published rounds read once: the agencies' options and the rows by round_id IN, with no join.
    round_ids = published_round_ids()
    ordered = published_petitions(round_ids).order_by(*PUBLIC_ORDER)
    filterset = PublicPetitionFilter(request.GET or None, queryset=ordered, round_ids=round_ids)
    refused = filterset.is_bound and not filterset.is_valid()
    queryset = ordered.none() if refused else filterset.qs
    words = filterset.form.cleaned_data.get("q") if filterset.is_bound and not refused else ""
    unsearched = None
    if words and connection.vendor == "postgresql":
        # The same filters without the words: the paginator counts the first rows along the ordering index
        # (petition_public) and walks it with the words by strpos for a page of many matches.
        unsearched = ordered
        for name, value in filterset.form.cleaned_data.items():
            if name != "q":
                unsearched = filterset.filters[name].filter(unsearched, value)
    narrowed = filterset.is_bound and not refused and any(filterset.form.cleaned_data.values())
    page = _petition_page(request, queryset, unsearched, words,
                          cap=SEARCH_COUNT_CAP if narrowed else COUNT_CAP)
    return render(request, "public/petitions.html", {
        "title": gettext_lazy("Tra cứu kiến nghị cử tri"), "filter": filterset, "page_obj": page,
        "querystring": _querystring(request),
        "filtered": refused or any(request.GET.get(name) for name in FOLDED_FILTERS),
    }, status=400 if refused else 200)


def _published_petition(round_id: int, number: int) -> Petition:
    _known(round_id, number)
    petition = published_petitions().filter(round_id=round_id, number=number).first()
    if petition is None:
        raise Http404
    return petition


@public_view
def petition(request, round_id: int, number: int):
    _known(round_id, number)
    merged = Petition.objects.filter(
        round_id=round_id, number=number, status=PetitionStatus.MERGED,
        round__results_published_at__isnull=False, merged_into__round__results_published_at__isnull=False,
    ).values_list("merged_into__round_id", "merged_into__number").first()
    if merged:  # a stable URL: the petition it joined answers for it
        return redirect("public:petition", *merged)
    item = _decorate([_published_petition(round_id, number)], timezone.localdate())[0]
    return render(request, "public/petition.html", {
        "title": _("Kiến nghị %(code)s") % {"code": item.code}, "petition": item,
        "answered": item.answered_on is not None and item.status in ANSWERED_STATUSES,
    })


@public_view(cached=False)
def petition_answer_file(request, round_id: int, number: int):
    """The answer's document, only for a petition of a published round (never /media/)."""
    item = _published_petition(round_id, number)
    if not item.answer_file or item.answered_on is None:
        raise Http404
    name = f"tra-loi-kien-nghi-{public_code(item)}.pdf"
    return FileResponse(item.answer_file.open("rb"), as_attachment=True, filename=name)


@public_view(cached=False)
def lookup(request):
    """The code printed beside a petition (round-number, e.g. 12-3) opens its page."""
    parsed = parse_public_code(request.GET.get("ma", ""))
    if parsed and published_petitions().filter(round_id=parsed[0], number=parsed[1]).exists():
        return redirect("public:petition", *parsed)
    return redirect(f"{reverse('public:index')}?loi=ma&ma={request.GET.get('ma', '')[:40]}#tra-ma")


def _receptions():
    return ReceptionDay.objects.select_related("host_body", "host_body__unit").order_by("day", "id")


@public_view
def reception(request):
    receptions = _receptions().filter(day__gte=timezone.localdate())
    units = list(AdministrativeUnit.objects.filter(
        pk__in=ReceptionDay.objects.filter(day__gte=timezone.localdate()).values("host_body__unit_id")
    ).order_by("name"))
    chosen = request.GET.get("unit", "")
    unit_id = next((u.pk for u in units if str(u.pk) == chosen), None)
    error = _("Đơn vị: chọn một đơn vị trong danh sách.") if chosen and unit_id is None else ""
    if unit_id is not None:
        receptions = receptions.filter(host_body__unit_id=unit_id)
    page = Paginator(receptions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/reception.html", {
        "title": gettext_lazy("Lịch tiếp công dân"), "page_obj": page, "units": units,
        "unit_id": unit_id, "error": error, "querystring": _querystring(request),
    }, status=400 if error else 200)


def _regulations_in_force():
    return (
        Regulation.objects.filter(status=Regulation.Status.IN_FORCE)
        .select_related("unit")
        .order_by("unit__name", "-effective_from", "-id")
    )


@public_view
def regulations(request):
    return render(request, "public/regulations.html", {
        "title": gettext_lazy("Quy chế phối hợp đang có hiệu lực"),
        "regulations": list(_regulations_in_force()),
    })


@public_view
def regulation(request, pk: int):
    _known(pk)
    item = get_object_or_404(_regulations_in_force(), pk=pk)
    clauses = Prefetch("clauses", queryset=Clause.objects.prefetch_related("points"))
    articles = list(
        Article.objects.filter(regulation=item).select_related("chapter", "section").prefetch_related(clauses)
    )
    chapters = list(item.chapters.all())
    return render(request, "public/regulation.html", {
        "title": item.title, "regulation": item,
        "outside": [a for a in articles if a.chapter_id is None],
        "chapters": [(c, [a for a in articles if a.chapter_id == c.pk]) for c in chapters],
    })


@public_view(cached=False)
def regulation_pdf(request, pk: int):
    """The signed copy (PDF) of a regulation in force, as its parties attached it."""
    _known(pk)
    item = get_object_or_404(_regulations_in_force(), pk=pk)
    if not item.scanned_copy:
        raise Http404
    return FileResponse(item.scanned_copy.open("rb"), as_attachment=True,
                        filename=f"quy-che-{item.pk}.pdf", content_type="application/pdf")


# --- Open data ------------------------------------------------------------------------------------------

DATA_FIELDS = ("ma", "don_vi", "dot_tiep_xuc", "so_thu_tu", "noi_dung", "linh_vuc", "co_quan_giai_quyet",
               "tinh_trang", "han_tra_loi", "tien_do", "ngay_tra_loi", "ket_qua", "van_ban_tra_loi",
               "noi_dung_tra_loi", "duong_dan")


def _data_rows(request):
    """The filtered petitions, read in chunks (a million rows never sit in memory)."""
    filterset = PublicPetitionFilter(request.GET or None, queryset=published_petitions().order_by("id"))
    queryset = filterset.queryset.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    today = timezone.localdate()
    base = request.build_absolute_uri("/")[:-1]
    for item in queryset.iterator(chunk_size=2000):
        answered = item.answered_on is not None and item.status in ANSWERED_STATUSES
        yield {
            "ma": public_code(item),
            "don_vi": item.unit.name,
            "dot_tiep_xuc": item.round.title,
            "so_thu_tu": item.number,
            "noi_dung": item.title,
            "linh_vuc": item.field.name if item.field_id else "",
            "co_quan_giai_quyet": item.agency.name if item.agency_id else "",
            "tinh_trang": item.get_status_display(),
            "han_tra_loi": item.due_on.isoformat() if item.due_on else "",
            "tien_do": timeliness(item, today)[0],
            "ngay_tra_loi": item.answered_on.isoformat() if answered else "",
            "ket_qua": item.get_category_display() if answered else "",
            "van_ban_tra_loi": item.answer_document if answered else "",
            "noi_dung_tra_loi": item.answer_text if answered else "",
            "duong_dan": base + reverse("public:petition", args=[item.round_id, item.number]),
        }


class _Echo:
    def write(self, value):
        return value


@public_view(cached=False)
def data_csv(request):
    writer = csv.DictWriter(_Echo(), fieldnames=DATA_FIELDS)

    def lines():
        yield "\ufeff" + writer.writeheader()  # the BOM: Excel opens the Vietnamese text right
        for row in _data_rows(request):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kien-nghi-cu-tri.csv"'
    return response


@public_view(cached=False)
def data_json(request):
    def chunks():
        yield "["
        for i, row in enumerate(_data_rows(request)):
            yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kien-nghi-cu-tri.json"'
    return response
