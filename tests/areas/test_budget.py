import pytest

from webapp.areas.budget import option_budget


def test_budget_is_cost_times_households_times_share():
    budget = option_budget(
        cost_per_household_pence=2400, households=1000, budget_share_bp=5000, uplift_bp=0
    )
    assert (budget.base_pence, budget.uplift_pence, budget.total_pence) == (1_200_000, 0, 1_200_000)


def test_uplift_is_reported_separately():
    budget = option_budget(
        cost_per_household_pence=2400, households=1000, budget_share_bp=5000, uplift_bp=2500
    )
    assert (budget.base_pence, budget.uplift_pence, budget.total_pence) == (
        1_200_000,
        300_000,
        1_500_000,
    )


@pytest.mark.parametrize(
    ("cost", "households", "share_bp", "uplift_bp", "total"),
    [
        (1, 1, 5000, 0, 0),  # 0.5 rounds half to even: 0
        (3, 1, 5000, 0, 2),  # 1.5 rounds half to even: 2
        (5, 1, 5000, 0, 2),  # 2.5 rounds half to even: 2
        (7, 3, 3333, 1000, 8),  # 6.99930 * 1.1 = 7.69923 -> 8
    ],
)
def test_rounding_is_half_even_to_whole_pence(cost, households, share_bp, uplift_bp, total):
    budget = option_budget(
        cost_per_household_pence=cost,
        households=households,
        budget_share_bp=share_bp,
        uplift_bp=uplift_bp,
    )
    assert budget.total_pence == total


def test_no_share_brings_no_budget():
    assert (
        option_budget(
            cost_per_household_pence=99_999, households=5000, budget_share_bp=0, uplift_bp=3000
        ).total_pence
        == 0
    )
