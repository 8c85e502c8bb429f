from flask import abort, redirect, request, session, url_for
from flask_login import current_user

from webapp.areas.services import get_area
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.htmx import render, whole_page
from webapp.i18n import LANGUAGES
from webapp.kiosk import bp
from webapp.kiosk.session import dropped_a_ballot, end_kiosk, start_kiosk
from webapp.voting.codes import ALPHABET, CODE_LENGTH, format_code
from webapp.voting.forms import ButtonForm
from webapp.voting.rounds import latest_closed_round, open_round_for_area
from webapp.voting.views import DRAFT, KIOSK, _failed, _round_key, start_ballot


def _area(slug: str):
    area = get_area(session=get_session(), slug=slug)
    if area is None:
        abort(404)
    return area


@bp.route("/<slug>", methods=["GET", "POST"])
def start(slug: str):
    """Language first: big buttons, each in its own language.

    A browser becomes a kiosk only by a POST from the page that says what that
    means, so a link from elsewhere cannot clear a person's session or lock their
    browser into kiosk mode."""
    area = _area(slug)
    if current_user.is_authenticated:
        # A kiosk link must not sign someone out: it takes them to the ordinary vote page.
        return redirect(url_for("voting.enter_code", slug=slug))
    if session.get(KIOSK) == slug:
        return render(
            "kiosk/start.html",
            area=area,
            languages=LANGUAGES,
            form=ButtonForm(),
            dropped_a_ballot=dropped_a_ballot(),
        )
    if request.method == "POST" and ButtonForm().validate_on_submit():
        start_kiosk(slug)
        return redirect(url_for(".start", slug=slug))
    return render("kiosk/confirm.html", area=area, form=ButtonForm())


# What has been typed on the keypad so far lives in the kiosk's session, not in the
# form: a key tapped before the last one is answered is then applied to what the
# server has, in order, rather than to what the page showed when it was tapped.
TYPED = "kiosk_typed"


def _typed(raw: str) -> str:
    return "".join(c for c in (raw or "").upper() if c in ALPHABET)[:CODE_LENGTH]


def _press(key: str, value: str) -> str:
    """What is typed after pressing `key` (a character, "back" or "clear")."""
    if key == "back":
        return value[:-1]
    if key == "clear":
        return ""
    if len(key) == 1 and key in ALPHABET:
        return _typed(value + key)
    return value


@bp.route("/<slug>/code", methods=["GET", "POST"])
@limiter.limit("10 per minute;40 per hour", methods=["POST"], deduct_when=_failed)
@limiter.limit("600 per minute", key_func=_round_key, methods=["POST"], deduct_when=_failed)
def code(slug: str):
    """The on-screen keypad; each key is a button, so it works without JavaScript too.
    With htmx every key is sent, one after another, and the answer fills the keypad."""
    area = _area(slug)
    if session.get(KIOSK) != slug:
        return redirect(url_for(".start", slug=slug))
    voting_round = open_round_for_area(session=get_session(), area=area)
    if voting_round is None:
        last = latest_closed_round(session=get_session(), area_id=area.id)
        return whole_page(render("voting/no_vote.html", area=area, last_round=last))
    value, error, status = _typed(session.get(TYPED, "")), None, 200
    if request.method == "POST" and ButtonForm().validate_on_submit():
        key = request.form.get("key", "")
        if key == "go":
            # Nothing typed and a ballot under way: Continue was tapped twice.
            under_way = not value and session.get(DRAFT, {}).get("round") == voting_round.id
            error = None if under_way else start_ballot(voting_round, value)
            if error is None:
                session.pop(TYPED, None)
                return redirect(url_for("voting.ballot", slug=slug))  # to htmx: HX-Redirect
            status = 422
        else:
            value = session[TYPED] = _press(key, value)
    return render(
        "kiosk/code.html",
        "keypad",
        status=status,
        area=area,
        value=value,
        shown=format_code(value),
        keys=ALPHABET,
        error=error,
        form=ButtonForm(),
        length=CODE_LENGTH,
    )


@bp.post("/<slug>/reset")
def reset(slug: str):
    """End the session on the server and go back to the language screen: "Start
    again", "Finish", or the screen's own idle countdown (why=idle)."""
    _area(slug)
    if ButtonForm().validate_on_submit():
        end_kiosk(slug, idle=request.form.get("why") == "idle")
    return redirect(url_for(".start", slug=slug))


@bp.post("/<slug>/still-here")
def still_here(slug: str):
    """Someone at the kiosk is still there ("I'm still here", or a touch while they
    read): the kiosk's session guard has noted this request, so the server's idle
    clock starts again with the screen's."""
    _area(slug)
    return "", 204


@bp.post("/<slug>/display")
def display(slug: str):
    """Text size and contrast, for the rest of this person's session."""
    _area(slug)
    if ButtonForm().validate_on_submit():
        for name in ("kiosk_text", "kiosk_contrast"):
            if request.form.get("toggle") == name:
                session[name] = not session.get(name, False)
    return redirect(
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else url_for(".start", slug=slug)
    )
