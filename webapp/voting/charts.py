"""Bar charts of a result's distribution, drawn as SVG on the server."""

from dataclasses import dataclass

from webapp.voting.tally import FunctionResult

ROW_HEIGHT = 28
LABEL_WIDTH = 130
BAR_WIDTH = 150
CHART_WIDTH = LABEL_WIDTH + BAR_WIDTH + 50


@dataclass
class Bar:
    label: str
    count: int
    y: int
    width: int
    is_outcome: bool


@dataclass
class Chart:
    bars: list[Bar]
    height: int
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH


def distribution_chart(result: FunctionResult, label, no_preference_label: str) -> Chart:
    """One bar per level, top level first, and one for "no preference"."""
    rows = [(label(level), count, level == result.outcome) for level, count in result.counts]
    rows.reverse()
    rows.append((no_preference_label, result.no_preference, False))
    largest = max((count for _, count, _ in rows), default=0) or 1
    bars = [
        Bar(text, count, i * ROW_HEIGHT, round(BAR_WIDTH * count / largest), outcome)
        for i, (text, count, outcome) in enumerate(rows)
    ]
    return Chart(bars=bars, height=len(bars) * ROW_HEIGHT)
