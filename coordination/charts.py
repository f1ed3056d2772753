"""Geometry for the server-side SVG charts (templates/coordination/charts/): the same chart on the
dashboard page and in the implementation report PDF, no JavaScript."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Colours a colour-blind reader can still tell apart, and that print in grey as three tones.
COLOURS = {"done": "#1b7f3b", "open": "#1f5fa8", "overdue": "#b3261e", "rate": "#1f5fa8"}


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    colour: str
    label: str


@dataclass(frozen=True)
class BarRow:
    label: str
    y: float
    total: int
    segments: list[Segment]
    end: float  # where the total's label goes


def stacked_bars(rows: list[tuple[str, dict[str, int]]], series: list[tuple[str, str]], *, width: int = 440) -> dict:
    """Horizontal stacked bars: rows of (label, {series key: count}); series of (key, label)."""
    biggest = max((sum(values.get(k, 0) for k, _ in series) for _, values in rows), default=0) or 1
    bar_rows, row_height = [], 30
    for index, (label, values) in enumerate(rows):
        x, segments = 0.0, []
        for key, series_label in series:
            value = values.get(key, 0)
            w = value / biggest * width
            if value:
                segments.append(Segment(x=round(x, 1), width=round(w, 1), value=value, colour=COLOURS.get(key, "#666"), label=series_label))
            x += w
        bar_rows.append(BarRow(label=label, y=index * row_height, total=sum(s.value for s in segments), segments=segments,
                               end=round(x, 1)))
    legend = [{"label": label, "colour": COLOURS.get(key, "#666"), "x": i * 150} for i, (key, label) in enumerate(series)]
    return {"rows": bar_rows, "width": width, "height": len(rows) * row_height + 40, "legend_y": len(rows) * row_height + 20,
            "legend": legend, "label_width": 190}


def trend_line(points: list[tuple[str, float | None]], *, width: int = 560, height: int = 200) -> dict:
    """A percentage (0–100) by month: x evenly spaced, y scaled, months without data skipped."""
    left, top, plot_h = 40, 10, height - 40
    step = (width - left - 20) / max(len(points) - 1, 1)
    marks = []
    for i, (label, value) in enumerate(points):
        x = left + i * step
        y = None if value is None else top + plot_h * (1 - value / 100)
        marks.append({"label": label, "x": round(x, 1), "y": None if y is None else round(y, 1), "value": value})
    path = " ".join(f"{m['x']},{m['y']}" for m in marks if m["y"] is not None)
    grid = [{"y": round(top + plot_h * (1 - p / 100), 1), "label": f"{p}%"} for p in (0, 50, 100)]
    return {"marks": marks, "path": path, "width": width, "height": height, "grid": grid, "axis_y": top + plot_h + 18}


def implementation_charts(data: dict) -> dict:
    """The dashboard's and the report's charts from ``queries.implementation_data`` (same geometry, same templates)."""
    status_chart = stacked_bars(
        [(r["name"], r) for r in data["per_body"]],
        [("done", _("Đã hoàn thành")), ("open", _("Đang thực hiện")), ("overdue", _("Quá hạn"))],
    )
    rate_chart = stacked_bars([(r["name"], {"rate": r["rate"] or 0}) for r in data["per_body"] if r["rate"] is not None],
                              [("rate", _("Tỷ lệ đúng hạn (%)"))])
    # Each app's figure that has a breakdown (petitions by category, letters by kind…) gets its own bars.
    figure_charts = [
        {"title": f"{figure.group}: {figure.label}" if figure.group else figure.label,
         "chart": stacked_bars([(label, {"rate": count}) for label, count in figure.breakdown], [("rate", figure.label)])}
        for figure in data["figures"] if figure.breakdown
    ]
    return {"status_chart": status_chart, "rate_chart": rate_chart, "trend_chart": trend_line(data["trend"]),
            "figure_charts": figure_charts}
