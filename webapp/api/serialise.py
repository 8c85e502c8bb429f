"""Plain JSON shapes of the app's records, for the open data API."""

from webapp.areas.services import AreaMenu
from webapp.voting.models import VotingRound
from webapp.voting.tally import RoundResult


def iso(moment) -> str:
    return moment.isoformat()


def area_summary(area, council) -> dict:
    return {
        "slug": area.slug,
        "name": area.name,
        "kind": area.kind,
        "households": area.households,
        "deprivation_decile": area.deprivation_decile,
        "council": council.slug,
    }


def menu(view: AreaMenu) -> dict:
    return {
        "version": view.version.version if view.version else None,
        "deprivation_uplift_bp": view.uplift_bp,
        "levels": [{"key": lv.key, "rank": lv.rank, "name": lv.name} for lv in view.levels],
        "functions": [
            {
                "key": fv.function.key,
                "name": fv.function.name,
                "cost_per_household_pence": fv.function.cost_per_household_pence,
                "charge": fv.function.charge,
                "options": [
                    {
                        "level": ov.level.key,
                        "does": ov.option.does,
                        "budget_share_bp": ov.option.budget_share_bp,
                        "annual_budget_pence": ov.budget.total_pence,
                        "uplift_pence": ov.budget.uplift_pence,
                        "rebate_per_household_pence": ov.option.rebate_per_household_pence,
                    }
                    for ov in fv.options
                ],
            }
            for fv in view.functions
        ],
    }


def voting_round(round_: VotingRound, area_slug: str, now) -> dict:
    state = "closed" if round_.is_closed(now) else "open" if round_.is_open(now) else "scheduled"
    return {
        "id": round_.id,
        "area": area_slug,
        "opens_at": iso(round_.opens_at),
        "closes_at": iso(round_.closes_at),
        "quorum_percent": round_.quorum_percent,
        "state": state,
    }


def results(result: RoundResult) -> dict:
    return {
        "round": result.voting_round.id,
        "eligible": result.eligible,
        "ballots": result.ballots,
        "paper_ballots": result.paper_ballots,
        "quorum_met": result.quorum_met,
        "functions": [
            {
                "key": fr.function.key,
                "outcome": fr.outcome.key if fr.outcome else None,
                "no_preference": fr.no_preference,
                "counts": {level.key: count for level, count in fr.counts},
            }
            for fr in result.functions
        ],
    }
