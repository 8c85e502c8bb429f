"""Bar charts of a result's distribution, drawn as SVG on the server."""

from dataclasses import dataclass

from webapp.voting.tally import FunctionResult

# Each level takes two lines, its name above its bar, so that a long name (Welsh
# runs to 30 characters) gets the whole width on a phone instead of a narrow column.
ROW_HEIGHT = 44
LABEL_BASELINE = 15  # the name's baseline within its row
BAR_TOP = 21
BAR_HEIGHT = 16
COUNT_ROOM = 60  # beside the longest bar, for its count (up to 1,000,000)
CHART_WIDTH = 330
BAR_WIDTH = CHART_WIDTH - COUNT_ROOM
LABEL_CHARACTERS = 40  # longer names are cut, with an ellipsis


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
    bar_width: int = BAR_WIDTH
    label_baseline: int = LABEL_BASELINE
    bar_top: int = BAR_TOP
    bar_height: int = BAR_HEIGHT
    label_characters: int = LABEL_CHARACTERS


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
