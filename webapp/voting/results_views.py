"""Results: public once a round closes; before that, live turnout (never outcomes or
counts per level) for the council's officers."""

from flask import abort

from webapp.areas.models import Area
from webapp.auth.permissions import is_staff_of
from webapp.csvfiles import csv_download, csv_text
from webapp.db import get_session, utcnow
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.i18n import translated
from webapp.voting import bp
from webapp.voting.charts import distribution_chart
from webapp.voting.models import VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.tally import count_turnout, tally_round


def _round_result(round_id: int):
    """The round, its area, and its result once published (closed), else None."""
    session = get_session()
    voting_round = session.get(VotingRound, round_id)
    if voting_round is None:
        abort(404)
    area = session.get(Area, voting_round.area_id)
    if not voting_round.is_closed(utcnow()):
        return area, voting_round, None
    menu = round_menu(session=session, voting_round=voting_round)
    return area, voting_round, tally_round(session=session, voting_round=voting_round, menu=menu)


@bp.get("/rounds/<int:round_id>/results")
def results(round_id: int):
    area, voting_round, result = _round_result(round_id)
    if result is None:
        now = utcnow()
        # Interim outcomes stay sealed, even from the council, until voting closes.
        live = voting_round.opens_at <= now and is_staff_of(area.council_id)
        turnout = count_turnout(session=get_session(), voting_round=voting_round) if live else None
        return render(
            "voting/results_pending.html", area=area, round=voting_round, now=now, turnout=turnout
        )
    charts = {
        fr.function.id: distribution_chart(
            fr, lambda level: translated(level.name), _("No preference")
        )
        for fr in result.functions
    }
    return render(
        "voting/results.html", area=area, round=voting_round, result=result, charts=charts
    )


@bp.get("/rounds/<int:round_id>/results.csv")
def results_csv(round_id: int):
    area, voting_round, result = _round_result(round_id)
    if result is None:
        abort(404)
    rows = []
    turnout = [result.ballots, result.paper_ballots, result.eligible, result.quorum_met]
    for fr in result.functions:
        outcome = fr.outcome.key if fr.outcome else "no_mandate"
        counts = [(level.key, count) for level, count in fr.counts]
        for level_key, count in [*counts, ("no_preference", fr.no_preference)]:
            row = [area.slug, voting_round.id, fr.function.key, level_key, count, outcome]
            rows.append([*row, *turnout])
    header = [
        *("area", "round", "function", "level", "ballots", "outcome"),
        *("ballots_cast", "paper_ballots", "eligible", "quorum_met"),
    ]
    filename = f"results-{area.slug}-round-{voting_round.id}.csv"
    return csv_download(csv_text(header, rows), filename)
