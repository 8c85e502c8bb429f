"""Budget against paid over time, as SVG points computed on the server."""

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, PAD = 320, 160, 24


@dataclass
class LineChart:
    budget: str  # SVG polyline points
    paid: str
    width: int = WIDTH
    height: int = HEIGHT
    top_pence: int = 0


def budget_paid_chart(points: list[tuple[date, int, int]]) -> LineChart | None:
    if not points:
        return None
    top = max(budget for _, budget, _ in points) or 1
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def xy(day: date, value: int) -> str:
        x = PAD + (WIDTH - 2 * PAD) * (day - first).days / span
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top
        return f"{x:.1f},{y:.1f}"

    return LineChart(
        budget=" ".join(xy(day, budget) for day, budget, _ in points),
        paid=" ".join(xy(day, paid) for day, _, paid in points),
        top_pence=top,
    )
