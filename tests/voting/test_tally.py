import pytest

from webapp.voting.tally import lower_median, quorum_met

CONSULT, INVOLVE, COLLABORATE, DELEGATE, CONTROL = 1, 2, 3, 4, 5


def counts(**by_rank):
    names = {"consult": 1, "involve": 2, "collaborate": 3, "delegate": 4, "control": 5}
    return [(names[k], v) for k, v in by_rank.items()]


def test_no_ballots_gives_no_outcome():
    assert lower_median([]) is None
    assert lower_median(counts(consult=0, control=0)) is None


def test_everyone_abstaining_gives_no_outcome():
    # Abstentions are not passed in: only ballots that chose a level count.
    assert lower_median(counts(consult=0, involve=0, collaborate=0, delegate=0, control=0)) is None


def test_a_tie_at_exactly_half_goes_to_the_lower_level():
    assert lower_median(counts(consult=1, control=1)) == CONSULT
    assert lower_median(counts(involve=2, delegate=2)) == INVOLVE


def test_strict_majority_at_or_above():
    # 3 of 5 chose delegate or control: more than half, so delegate.
    assert lower_median(counts(consult=2, delegate=1, control=2)) == DELEGATE
    assert lower_median(counts(control=1)) == CONTROL
    assert lower_median(counts(consult=3, involve=1, collaborate=1)) == CONSULT


def test_higher_votes_support_lower_levels():
    # control 2, delegate 0, collaborate 2, consult 3: at or above collaborate = 4 of 7.
    assert lower_median(counts(consult=3, collaborate=2, control=2)) == COLLABORATE


@pytest.mark.parametrize(
    ("ballots", "eligible", "quorum", "met"),
    [
        (20, 100, 20, True),  # exactly at quorum
        (19, 100, 20, False),
        (1, 3, 33, True),  # 33.3% >= 33%
        (0, 0, 0, False),  # nobody eligible: no mandate
        (0, 10, 0, True),
    ],
)
def test_quorum(ballots, eligible, quorum, met):
    assert quorum_met(ballots=ballots, eligible=eligible, quorum_percent=quorum) is met
