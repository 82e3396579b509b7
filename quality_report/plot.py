"""A small inline SVG: applications received and refused (不予公开) per report year.

Drawn here rather than by a charting library so the page stays one offline file; every text in
it is a number or a fixed label, escaped all the same.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from quality_report.queries import Row

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 36
SERIES = (("received", "收到申请 received", "#1f6fb2"), ("refused", "不予公开 refused", "#c62828"))


def _nice_max(value: float) -> float:
    """A round axis maximum at or above value: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if value <= factor * step:
            return factor * step
    return 10 * step


def _number(value: Decimal | float | int | None) -> float:
    return float(value) if value is not None else 0.0


def received_refused_svg(years: list[Row]) -> Markup:
    """Grouped bars per year; an empty note when no report has a T3."""
    years = [y for y in years if y["reports_with_t3"]]
    if not years:
        return Markup('<p class="muted">No T3 figures to plot.</p>')
    top = _nice_max(max(_number(y[key]) for y in years for key, _, _ in SERIES))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar = min(28.0, slot * 0.35)
    parts = [
        f'<svg id="requests-plot" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="Applications received and refused per report year">',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        f'stroke="#5f6670"/>',
    ]
    for tick in range(5):  # horizontal grid with its labels
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
                     f'stroke="#e3e6ea"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#5f6670">{escape(f"{value:g}")}</text>')
    for i, year in enumerate(years):
        x0 = LEFT + slot * i + slot / 2 - bar
        for j, (key, label, colour) in enumerate(SERIES):
            value = _number(year[key])
            h = plot_h * value / top
            x = x0 + j * bar
            parts.append(
                f'<rect class="bar bar-{key}" data-year="{escape(year["report_year"])}" '
                f'data-value="{escape(f"{value:g}")}" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" '
                f'width="{bar - 2:.1f}" height="{h:.1f}" fill="{colour}">'
                f'<title>{escape(year["report_year"])} {escape(label)}: '
                f'{escape(f"{value:g}")}</title></rect>'
            )
        parts.append(f'<text x="{LEFT + slot * i + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                     f'text-anchor="middle" font-size="12">{escape(year["report_year"])}</text>')
    for j, (_, label, colour) in enumerate(SERIES):  # legend
        x = LEFT + j * 170
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 17}" y="16" font-size="12">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
