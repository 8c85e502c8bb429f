"""The Budget rule of DESIGN.md: what an option would bring to an area."""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

BASIS_POINTS = 10_000


@dataclass(frozen=True)
class OptionBudget:
    """An annual budget in pence, with the deprivation uplift shown separately."""

    base_pence: int
    uplift_pence: int

    @property
    def total_pence(self) -> int:
        return self.base_pence + self.uplift_pence


def round_pence(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def option_budget(
    *, cost_per_household_pence: int, households: int, budget_share_bp: int, uplift_bp: int
) -> OptionBudget:
    """cost x households x share x (1 + uplift), rounded half-even to whole pence."""
    base = Decimal(cost_per_household_pence) * households * budget_share_bp / BASIS_POINTS
    total = base * (BASIS_POINTS + uplift_bp) / BASIS_POINTS
    base_pence = round_pence(base)
    return OptionBudget(base_pence=base_pence, uplift_pence=round_pence(total) - base_pence)


def uplift_for_decile(uplift_bp: list[int], decile: int) -> int:
    """The uplift, in basis points, that a menu gives an area of this decile."""
    return uplift_bp[decile - 1]
