"""The results report of the voters' petitions: the page and its PDF."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coordination.services import report_request
from coordination.spreadsheets import xlsx_response
from sessions.models import Session
from voters.permissions import visible_rounds
from voters.queries import results_summary
from voters.reports import results_chart, results_scope


def _results_scope(request):
    return results_scope(
        request.user, round_id=request.GET.get("round", ""), session_id=request.GET.get("session", "")
    )


@login_required
def results(request):
    petitions, label, _unit = _results_scope(request)
    summary = results_summary(petitions)
    if request.GET.get("format") == "xlsx":
        rows = [("Tổng số kiến nghị", "", summary.total)]
        rows += [("Lĩnh vực", name, n) for name, n in summary.by_field]
        rows += [("Thẩm quyền", name, n) for name, n in summary.by_competence]
        rows += [("Kết quả", name, n) for name, n in summary.by_category]
        rows += [("Tình trạng xử lý", name, n) for name, n in summary.by_status]
        rows += [
            ("Cơ quan", a["name"], a["total"], a["answered"], a["on_time"], a["rate"])
            for a in summary.agencies
        ]
        return xlsx_response(
            "ket-qua-kien-nghi-cu-tri",
            "Ket qua",
            ["Nhóm", "Mục", "Số kiến nghị", "Đã trả lời", "Đúng hạn", "Tỷ lệ đúng hạn (%)"],
            rows,
        )
    rounds = visible_rounds(request.user).order_by("-starts_on")
    sessions = (
        Session.objects.filter(voter_rounds__in=rounds)
        .select_related("council")
        .distinct()
        .order_by("-planned_open")
    )
    peak = max([n for _, n in summary.by_category] + [1])
    return render(request, "voters/results.html", {
        "summary": summary, "label": label, "rounds": rounds, "sessions": sessions, "peak": peak,
        "category_chart": results_chart(summary),
        "title": _("Báo cáo kết quả giải quyết kiến nghị cử tri"), "querystring": request.GET.urlencode(),
    })


@login_required
@require_POST
def results_pdf(request):
    _petitions, label, _unit = _results_scope(request)  # authorizes the round or session, if one is named
    report = report_request(
        kind="voters_results",
        title=_("Báo cáo kết quả giải quyết kiến nghị cử tri — %(label)s") % {"label": label},
        params={
            "round": request.GET.get("round", ""),
            "session": request.GET.get("session", ""),
            "user": request.user.pk,
        },
        by=request.user,
    )
    return redirect(report.get_absolute_url())
