"""The leaders' dashboard and the implementation report ordered from it."""


from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from coordination import services
from coordination.dashboard_cache import dashboard_html
from coordination.forms import DashboardForm, ImplementationReportForm
from coordination.permissions import visible_units
from coordination.queries import parse_period, period_choices


def _dashboard_context(request) -> dict:
    today = timezone.localdate()
    units = visible_units(request.user)
    periods = period_choices(today)
    form = DashboardForm(request.GET or None, units=units, periods=periods)
    unit = body = area = None
    period = parse_period(str(today.year))
    if form.is_valid():
        unit, body, area = form.cleaned_data["unit"], form.cleaned_data["body"], form.cleaned_data["area"]
        if form.cleaned_data["period"]:
            period = parse_period(form.cleaned_data["period"])
    unit = unit or units.order_by("level__rank", "name").first()
    if unit is None:
        return {"form": form, "unit": None, "period": period}
    figures_html = dashboard_html(
        request=request, unit=unit, period=period, today=today, body=body, area=area
    )
    filtered = any(request.GET.get(name) for name in form.fields)
    return {"form": form, "unit": unit, "period": period, "today": today, "figures_html": figures_html,
            "filtered": filtered}


@login_required
def dashboard(request):
    context = _dashboard_context(request)
    context["title"] = gettext("Bảng điều hành")
    context["cache_seconds"] = settings.DASHBOARD_CACHE_SECONDS
    if context["unit"] is not None:
        context["report_form"] = ImplementationReportForm(
            units=visible_units(request.user),
            initial={"unit": context["unit"].pk, "period": context["period"].code},
        )
    return render(request, "coordination/dashboard.html", context)


@login_required
@require_POST
def implementation_report_request(request):
    form = ImplementationReportForm(request.POST, units=visible_units(request.user))
    if not form.is_valid():
        return render(
            request,
            "coordination/report_request.html",
            {"form": form, "title": gettext("Báo cáo kết quả thực hiện")},
            status=400,
        )
    unit, period, output = form.cleaned_data["unit"], form.cleaned_data["period"], form.cleaned_data["output"]
    report = services.report_request(
        kind=f"implementation_report_{output}",
        title=gettext("Báo cáo kết quả thực hiện quy chế phối hợp %(p)s — %(u)s")
        % {"p": period.label, "u": unit.name},
        params={"unit_id": unit.pk, "period": period.code},
        by=request.user,
    )
    return redirect(report.get_absolute_url())
