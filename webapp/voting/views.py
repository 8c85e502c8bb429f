"""A resident's vote: code, ballot, review, submit."""

import secrets

from flask import abort, flash, redirect, request, url_for
from flask import session as cookie_session
from flask_login import current_user

from webapp.areas.services import get_area
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.extensions import limiter
from webapp.htmx import render
from webapp.i18n import gettext as _
from webapp.voting import bp
from webapp.voting.ballots import (
    ballot_for_code,
    choices_of,
    find_code,
    link_code,
    parse_choices,
    record_ballot,
)
from webapp.voting.codes import GROUP, normalise_code
from webapp.voting.forms import CodeForm, SubmitBallotForm
from webapp.voting.models import Channel, VotingRound
from webapp.voting.queries import round_menu
from webapp.voting.refusals import (
    BallotIncomplete,
    PaperBallotRecorded,
    UnknownChoice,
    VotingClosed,
    VotingNotOpen,
)
from webapp.voting.rounds import latest_closed_round, open_round_for_area

DRAFT = "ballot"
KIOSK = "kiosk"  # the area slug, in a session started at a kiosk


def _failed(response) -> bool:
    """Only failed code entries count towards the limits."""
    return response.status_code >= 400


def _round_key() -> str:
    return "vote-round:" + str(request.view_args.get("slug", ""))


def _area(slug: str):
    area = get_area(session=get_session(), slug=slug)
    if area is None:
        abort(404)
    return area


@bp.route("/areas/<slug>/vote", methods=["GET", "POST"])
@limiter.limit("10 per minute;40 per hour", methods=["POST"], deduct_when=_failed)
@limiter.limit("600 per minute", key_func=_round_key, methods=["POST"], deduct_when=_failed)
def enter_code(slug: str):
    session, area = get_session(), _area(slug)
    voting_round = open_round_for_area(session=session, area=area)
    form = CodeForm(data={"code": request.args.get("code", "")[:40]})
    if voting_round is None:
        last = latest_closed_round(session=session, area_id=area.id)
        status = 409 if request.method == "POST" else 200
        return render("voting/no_vote.html", status=status, area=area, last_round=last)
    if form.validate_on_submit():
        error = start_ballot(voting_round, form.code.data)
        if error is None:
            return redirect(url_for(".ballot", slug=slug))
        form.code.errors.append(error)
    status = 422 if form.is_submitted() else 200
    return render("voting/code.html", status=status, form=form, area=area, round=voting_round)


def start_ballot(voting_round: VotingRound, typed: str) -> str | None:
    """Open a ballot for a typed code (with any earlier choices); the reason if not."""
    session = get_session()
    try:
        code = find_code(session=session, voting_round=voting_round, typed=typed)
        earlier = ballot_for_code(session=session, code_id=code.id)
        if earlier is not None and earlier.channel == Channel.PAPER:
            raise PaperBallotRecorded()
    except DomainError as exc:
        return str(exc.message)
    menu = round_menu(session=session, voting_round=voting_round)
    choices = choices_of(session=session, ballot=earlier, menu=menu) if earlier else {}
    cookie_session[DRAFT] = {
        "id": secrets.token_urlsafe(6),  # each form of this draft's pages names it
        "ends": normalise_code(typed)[-GROUP:],  # "the code ending in ...", shown
        "round": voting_round.id,
        "menu": [menu.version.id, menu.version.content_hash],  # saves a query on submit
        "code": code.id,
        "choices": choices,
        "again": earlier is not None,
    }
    return None


def _for_another_code(draft: dict) -> bool:
    """A form from a page opened before another code was entered in this browser (in
    another tab, say): it must not change the newer code's ballot."""
    named = request.form.get("draft")
    return named is not None and named != (draft.get("id") or "")


def _another_code_page(slug: str, block: str | None = None):
    return render("voting/another_code.html", block, status=409, again_url=_code_entry_url(slug))


def _draft_for(slug: str):
    """The area, its open round, the menu and the resident's draft; None to start again."""
    session, area = get_session(), _area(slug)
    draft = cookie_session.get(DRAFT)
    voting_round = open_round_for_area(session=session, area=area)
    if not draft or voting_round is None or draft.get("round") != voting_round.id:
        return None
    menu = round_menu(session=session, voting_round=voting_round)
    return area, voting_round, menu, draft


def _code_entry_url(slug: str) -> str:
    if cookie_session.get(KIOSK) == slug:
        return url_for("kiosk.code", slug=slug)
    return url_for(".enter_code", slug=slug)


def _start_again(slug: str):
    return redirect(_code_entry_url(slug))


def _save(draft: dict, choices: dict) -> None:
    draft["choices"] = {**draft.get("choices", {}), **choices}
    cookie_session[DRAFT] = draft


@bp.route("/areas/<slug>/vote/ballot", methods=["GET", "POST"])
def ballot(slug: str):
    context = _draft_for(slug)
    if context is None:
        return _start_again(slug)
    area, voting_round, menu, draft = context
    error, status = None, 200
    if request.method == "POST":
        if _for_another_code(draft):
            return _another_code_page(slug)
        try:
            _save(draft, parse_choices(menu, request.form, partial=True))
            parse_choices(menu, request.form, partial=False)
        except (BallotIncomplete, UnknownChoice) as exc:
            error, status = str(exc.message), 422
        else:
            return redirect(url_for(".review", slug=slug))
    return render(
        "voting/ballot.html",
        status=status,
        area=area,
        round=voting_round,
        menu=menu,
        draft=draft,
        choices=draft.get("choices", {}),
        error=error,
    )


@bp.post("/areas/<slug>/vote/choice")
def save_choice(slug: str):
    """htmx: keep each choice as it is made and answer with the progress."""
    context = _draft_for(slug)
    if context is None:
        return render("voting/_session_expired.html", status=409, slug=slug)
    area, _voting_round, menu, draft = context
    if _for_another_code(draft):
        return _another_code_page(slug, "message")
    error, status = None, 200
    try:
        _save(draft, parse_choices(menu, request.form, partial=True))
    except UnknownChoice as exc:
        error, status = str(exc.message), 422
    return render(
        "voting/ballot.html",
        "progress",
        status=status,
        area=area,
        menu=menu,
        choices=draft.get("choices", {}),
        error=error,
    )


@bp.get("/areas/<slug>/vote/review")
def review(slug: str):
    context = _draft_for(slug)
    if context is None:
        return _start_again(slug)
    area, voting_round, menu, draft = context
    if len(draft.get("choices", {})) < len(menu.functions):
        return redirect(url_for(".ballot", slug=slug))
    return render(
        "voting/review.html",
        area=area,
        round=voting_round,
        menu=menu,
        draft=draft,
        choices=draft["choices"],
        again=draft.get("again"),
        form=SubmitBallotForm(),
        error=None,
    )


@bp.post("/areas/<slug>/vote/submit")
def submit(slug: str):
    draft = cookie_session.get(DRAFT)
    if not draft:
        return _no_ballot_under_way(slug)
    if _for_another_code(draft):
        return _another_code_page(slug)
    # CSRFProtect has checked the token already; the form only carries a checkbox.
    session = get_session()
    try:
        record_ballot(
            session=session,
            round_id=draft["round"],
            code_id=draft["code"],
            choices=draft.get("choices", {}),
            area_slug=slug,
            menu_version=tuple(draft["menu"]) if "menu" in draft else None,
        )
    except (VotingNotOpen, VotingClosed):
        return _start_again(slug)
    except DomainError as exc:
        context = _draft_for(slug)
        if context is None:
            return _start_again(slug)
        area, voting_round, menu, draft = context
        return render(
            "voting/review.html",
            status=409,
            area=area,
            round=voting_round,
            menu=menu,
            draft=draft,
            choices=draft.get("choices", {}),
            again=draft.get("again"),
            form=SubmitBallotForm(),
            error=str(exc.message),
        )
    wants_link = request.form.get("link_to_account") and current_user.is_authenticated
    if wants_link and not link_code(session=session, code_id=draft["code"], user=current_user):
        flash(
            _(
                "Your ballot is counted, but it was not added to your account: this "
                "code's ballot is kept in another account."
            ),
            "error",
        )
    cookie_session.pop(DRAFT, None)
    cookie_session["voted"] = {
        "round": draft["round"],
        "again": bool(draft.get("again")),
        "draft": draft.get("id"),
    }
    return redirect(url_for(".done", slug=slug))


def _no_ballot_under_way(slug: str):
    """A ballot sent with none under way: the same one sent twice (it was counted once),
    a page of another code whose ballot was never sent, or a session that ended."""
    voted = cookie_session.get("voted")
    if voted is None:
        return _start_again(slug)
    if request.form.get("draft") in (None, voted.get("draft")):
        return redirect(url_for(".done", slug=slug))
    return _another_code_page(slug)


@bp.get("/areas/<slug>/vote/done")
def done(slug: str):
    area = _area(slug)
    voted = cookie_session.get("voted")
    voting_round = get_session().get(VotingRound, voted["round"]) if voted else None
    if voting_round is None or voting_round.area_id != area.id:
        return _start_again(slug)
    return render("voting/done.html", area=area, round=voting_round, again=voted.get("again"))
