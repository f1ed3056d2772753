"""Geometry for the server-side SVG charts (templates/coordination/charts/): the same chart on the
dashboard page and in the implementation report PDF, no JavaScript."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from coordination.documents import vn_share

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
    label_lines: list[str]  # the label in at most two lines: never cut short
    y: float
    total: float
    segments: list[Segment]
    end: float  # where the total's label goes
    value_label: str = ""  # instead of the total: a rate with what it is out of, "65,2 % (15/23)"


LABEL_CHARS = 30  # characters of a bar's label on one line at 14 units (the label column is 230 wide)
ROW_HEIGHT, TITLE_HEIGHT = 36, 30


def label_lines(label: str, width: int = LABEL_CHARS) -> list[str]:
    """A label in one or two lines, broken between words; a longer one keeps its words and ends with "…"."""
    words, lines, line = str(label).split(), [], ""
    for word in words:
        if line and len(f"{line} {word}") > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
        if len(lines[1]) > width:
            lines[1] = lines[1][: width - 1].rsplit(" ", 1)[0] + "…"
    return lines


def _ticks(biggest: float) -> list[float]:
    """Three or four round values from 0 to at least ``biggest`` for the value axis."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if biggest / step <= 4:
            return [step * i for i in range(int(-(-biggest // step)) + 1)] or [0, step]
    return [0, biggest]


def stacked_bars(rows: list[tuple[str, dict[str, float]]], series: list[tuple[str, str]], *, width: int = 380,
                 axis_label: str = "", maximum: float | None = None,
                 value_labels: list[str] | None = None) -> dict:
    """Horizontal stacked bars: rows of (label, {series key: count}); series of (key, label);
    ``value_labels``: what each bar's end reads instead of its total.

    The drawing carries its value axis (ticks and ``axis_label``) and a legend, so it reads on paper alone."""
    biggest = max((sum(values.get(k, 0) for k, _ in series) for _, values in rows), default=0) or 1
    ticks = _ticks(maximum or biggest)
    scale_top = ticks[-1] or 1
    bar_rows = []
    for index, (label, values) in enumerate(rows):
        x, segments = 0.0, []
        for key, series_label in series:
            value = values.get(key, 0)
            w = value / scale_top * width
            if value:
                segments.append(
                    Segment(
                        x=round(x, 1),
                        width=round(w, 1),
                        value=value,
                        colour=COLOURS.get(key, "#666"),
                        label=series_label,
                    )
                )
            x += w
        bar_rows.append(BarRow(label_lines=label_lines(label), y=TITLE_HEIGHT + index * ROW_HEIGHT,
                               total=sum(s.value for s in segments), segments=segments, end=round(x, 1),
                               value_label=value_labels[index] if value_labels else ""))
    axis_y = TITLE_HEIGHT + len(rows) * ROW_HEIGHT + 4
    legend, x = [], 0
    for key, label in series:
        legend.append({"label": label, "colour": COLOURS.get(key, "#666"), "x": x})
        x += 30 + len(str(label)) * 8  # 14-unit text
    return {"rows": bar_rows, "width": width, "label_width": 230, "axis_y": axis_y, "axis_label": axis_label,
            "ticks": [{"x": round(t / scale_top * width, 1), "value": t} for t in ticks],
            "legend": legend, "legend_y": axis_y + 52, "height": axis_y + 66,
            "full_width": 230 + width + (150 if value_labels else 70)}


def trend_line(points: list[tuple[str, int, int]], *, width: int = 600, height: int = 250) -> dict:
    """A share by month, from (label, part, whole) — on time of what was due: x evenly spaced, y the
    percentage, months with nothing due left out of the line."""
    left, top, plot_h = 70, TITLE_HEIGHT + 10, height - TITLE_HEIGHT - 80
    step = (width - left - 20) / max(len(points) - 1, 1)
    marks = []
    for i, (label, part, whole) in enumerate(points):
        x = left + i * step
        y = top + plot_h * (1 - part / whole) if whole else None
        marks.append({"label": label, "x": round(x, 1), "y": None if y is None else round(y, 1),
                      "part": part, "whole": whole})
    path = " ".join(f"{m['x']},{m['y']}" for m in marks if m["y"] is not None)
    grid = [{"y": round(top + plot_h * (1 - p / 100), 1), "value": p} for p in (0, 25, 50, 75, 100)]
    return {
        "marks": marks,
        "path": path,
        "width": width,
        "height": height,
        "grid": grid,
        "left": left,
        "axis_y": top + plot_h + 20,
        "axis_label_y": top + plot_h + 44,
        "plot_middle": round(top + plot_h / 2, 1),
        "legend_y": height - 8,
    }


def implementation_charts(data: dict) -> dict:
    """The dashboard's and the report's charts from ``queries.implementation_data`` (same geometry, same
    templates)."""
    status_chart = stacked_bars(
        [(r["name"], r) for r in data["per_body"]],
        [("done", _("Đã hoàn thành")), ("open", _("Đang thực hiện")), ("overdue", _("Quá hạn"))],
        axis_label=_("Số việc"),
    )
    rated = [r for r in data["per_body"] if r["rate"] is not None]
    rate_chart = stacked_bars(
        [(r["name"], {"rate": r["rate"]}) for r in rated],
        [("rate", _("Tỷ lệ đúng hạn (%)"))],
        axis_label=_("Tỷ lệ đúng hạn (%)"),
        maximum=100,
        value_labels=[vn_share(r["on_time"], r["due"]) for r in rated],
    )
    # Each app's figure that has a breakdown (petitions by category, letters by kind…) gets its own bars.
    figure_charts = [
        {
            "title": f"{figure.group}: {figure.label}" if figure.group else figure.label,
            "chart": stacked_bars(
                [(label, {"rate": count}) for label, count in figure.breakdown],
                [("rate", figure.label)],
                axis_label=_("Số lượng"),
            ),
        }
        for figure in data["figures"]
        if figure.breakdown
    ]
    return {"status_chart": status_chart, "rate_chart": rate_chart, "trend_chart": trend_line(data["trend"]),
            "figure_charts": figure_charts}
