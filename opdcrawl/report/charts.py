"""Charts as inline SVG strings, so the HTML report needs nothing from the network.

Hand-drawn on purpose: three simple chart shapes do not justify a charting library,
and inline SVG prints, zooms and survives being mailed as one file. Every text that
goes into an SVG passes through ``html.escape``.
"""

from __future__ import annotations

from html import escape

from opdcrawl.report import wording
from opdcrawl.report.data import TrendMonth
from opdcrawl.report.ranking import RankRow

FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"
TREND_CATEGORIES: tuple[str, ...] = wording.CATEGORY_LABELS[:4]  # the checked ones


def _colour(label: str | None) -> str:
    return "#" + wording.category_style(label).chart


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'style="{FONT};font-size:12px">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def category_bars(counts: dict[str, int], title: str) -> str:
    """Horizontal bars, one per category with OPDs in it, labelled with the count."""
    shown = [(label, counts.get(label, 0)) for label in wording.CATEGORY_LABELS]
    shown = [(label, count) for label, count in shown if count] or shown[:1]
    label_width, bar_width, row = 150, 300, 26
    width, height = label_width + bar_width + 50, row * len(shown) + 8
    biggest = max((count for _, count in shown), default=0) or 1
    body: list[str] = []
    for index, (label, count) in enumerate(shown):
        y = 4 + index * row
        length = round(bar_width * count / biggest)
        body.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{max(length, 1)}" height="18" '
            f'fill="{_colour(label)}" rx="2"/>'
            f'<text x="{label_width + length + 6}" y="{y + 16}">{count}</text>'
        )
    return _svg(width, height, title, body)


def trend_bars(trend: list[TrendMonth], title: str) -> str:
    """Stacked columns per month: websites per category in that month's last run."""
    left, bottom, top, column, gap = 36, 40, 10, 44, 22
    plot_height = 180
    width = left + max(1, len(trend)) * (column + gap) + 170
    height = top + plot_height + bottom
    biggest = max((sum(m.counts.get(c, 0) for c in TREND_CATEGORIES) for m in trend), default=0)
    biggest = biggest or 1
    body: list[str] = [
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 170}" '
        f'y2="{top + plot_height}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{biggest}</text>',
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end">0</text>',
    ]
    for index, month in enumerate(trend):
        x = left + gap // 2 + index * (column + gap)
        y = top + plot_height
        for label in TREND_CATEGORIES:
            count = month.counts.get(label, 0)
            if not count:
                continue
            bar = plot_height * count / biggest
            y -= bar
            body.append(
                f'<rect x="{x}" y="{y:.1f}" width="{column}" height="{bar:.1f}" '
                f'fill="{_colour(label)}"><title>{escape(label)}: {count}</title></rect>'
            )
        body.append(
            f'<text x="{x + column / 2}" y="{top + plot_height + 16}" text-anchor="middle">'
            f"{escape(wording.month_short(month.month))}</text>"
        )
    legend_x = width - 160
    for index, label in enumerate(TREND_CATEGORIES):
        y = top + index * 20
        body.append(
            f'<rect x="{legend_x}" y="{y}" width="12" height="12" fill="{_colour(label)}"/>'
            f'<text x="{legend_x + 18}" y="{y + 11}">{escape(label)}</text>'
        )
    return _svg(width, height, title, body)


def ranking_bars(rows: list[RankRow], title: str) -> str:
    """Horizontal score bars (0–100), one per OPD, coloured by category."""
    label_width, bar_width, row = 260, 240, 24
    width, height = label_width + bar_width + 50, row * max(1, len(rows)) + 8
    body: list[str] = []
    for index, item in enumerate(rows):
        y = 4 + index * row
        score = item.score or 0
        length = round(bar_width * score / 100)
        name = item.short_name or item.opd_name
        label = f"{item.rank}. {name}"
        if len(label) > 38:
            label = label[:37] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="16" fill="#eee"/>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="16" '
            f'fill="{_colour(item.category)}"/>'
            f'<text x="{label_width + bar_width + 6}" y="{y + 15}">'
            f"{'-' if item.score is None else item.score}</text>"
        )
    return _svg(width, height, title, body)


def progress_bar(pct: float | None, title: str) -> str:
    """A 0–100 % bar with the percentage written beside it."""
    width, bar = 420, 320
    filled = round(bar * (pct or 0) / 100)
    body = [
        f'<rect x="0" y="4" width="{bar}" height="18" fill="#e0e0e0" rx="3"/>',
        f'<rect x="0" y="4" width="{filled}" height="18" fill="#1f4e78" rx="3"/>',
        f'<text x="{bar + 8}" y="18">{escape(wording.percent(pct))}</text>',
    ]
    return _svg(width, 26, title, body)
