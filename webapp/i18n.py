"""Languages: the locale of each request, translated menu text and money."""

from datetime import datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel import Locale
from babel.dates import format_skeleton, get_timezone
from babel.numbers import format_currency, format_percent
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    Babel,
    force_locale,
    format_date,
    format_number,
    get_locale,
    gettext,
    lazy_gettext,
    ngettext,
)

from webapp.requests import same_site_referrer

__all__ = [
    "LANGUAGES",
    "format_pence",
    "gettext",
    "in_language",
    "lazy_gettext",
    "ngettext",
    "translated",
]

# The languages the interface and the menus are written in, in the switcher's order.
LANGUAGES = ("en", "cy", "pl", "ro", "pa", "ur", "ar", "bn", "so")
RTL_LANGUAGES = ("ar", "ur")
# English is British English here: dates as 13 Nov 2026, times as 23:00.
LOCALES = {"en": "en_GB"}
LONDON = get_timezone("Europe/London")

babel = Babel()


def _cookie_name() -> str:
    return current_app.config["LANGUAGE_COOKIE_NAME"]


# A language kept in the session, not in a cookie of its own (a kiosk's): it goes
# when the session is cleared for the next person.
SESSION_LANGUAGE = "language"


def chosen_language() -> str | None:
    """The language picked in this browser: ?lang=, then the one kept for it (a kiosk's
    session, else the language cookie, unless this answer forgets it). None when only
    the browser's Accept-Language speaks."""
    if g.get("language_in_session"):  # a kiosk: never the cookie
        kept = session.get(SESSION_LANGUAGE)
    else:
        kept = None if g.get("forget_language") else request.cookies.get(_cookie_name())
    for candidate in (request.args.get("lang"), kept):
        if candidate in LANGUAGES:
            return candidate
    return None


def select_locale() -> str:
    """The language picked in this browser, else the browser's Accept-Language."""
    if not has_request_context():
        return LOCALES["en"]
    code = chosen_language() or request.accept_languages.best_match(LANGUAGES) or "en"
    return LOCALES.get(code, code)


def in_language(code: str | None):
    """Everything written inside this block (gettext, lazy strings turned to text, dates,
    money, menu text) is in this language rather than the request's; None is English."""
    return force_locale(LOCALES.get(code or "en", code))


def current_language() -> str:
    """The language code (en, cy, ur ...) of the current request."""
    locale = get_locale()
    return locale.language if locale else "en"


def html_lang() -> str:
    """The value of <html lang>: en-GB, cy, ur ..."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en-GB"


def format_when(moment: datetime) -> str:
    """A date and time in UK time, written the reader's way: Fri, 13 Nov 2026 at 23:00."""
    locale = get_locale()
    date = format_skeleton("yMMMEd", moment, tzinfo=LONDON, locale=locale, fuzzy=True)
    time = format_skeleton("Hm", moment, tzinfo=LONDON, locale=locale, fuzzy=True)
    return gettext("%(date)s at %(time)s", date=date, time=time)


def translated(text: dict | None) -> str:
    """Menu text in the reader's language, falling back to English."""
    if not text:
        return ""
    return text.get(current_language()) or text.get("en", "")


def format_pence(pence: int) -> str:
    """An amount of pence as money in the reader's locale, e.g. £1,234.50."""
    return format_currency(Decimal(pence) / 100, "GBP", locale=current_language())


def format_date_short(day) -> str:
    """A date such as 13 Nov 2026, in the reader's locale."""
    return format_skeleton("yMMMd", day, locale=get_locale(), fuzzy=True)


def format_basis_points(bp: int) -> str:
    """Basis points as a percentage in the reader's locale: 2500 -> 25%, 1750 -> 17.5%.

    Cut to a tenth of a percent, never rounded up: a turnout of 17.96% is not
    shown as the 18% quorum it missed."""
    tenths = Decimal(bp // 10) / 1_000
    return format_percent(tenths, locale=current_language(), decimal_quantization=False)


def forget_language() -> None:
    """This answer drops the language chosen in this browser (a kiosk's next person
    starts from the default)."""
    g.forget_language = True


def keep_language_in_session() -> None:
    """This request's language lives in the session (a kiosk's, cleared for the next
    person), never in the long-lived language cookie."""
    g.language_in_session = True


def choose_session_language(code: str) -> None:
    """Keep a language chosen with ?lang= in the session, if it is one of ours."""
    if code in LANGUAGES:
        session[SESSION_LANGUAGE] = code


def language_name(code: str, shown_in: str | None = None) -> str:
    """A language's name in that language (Cymraeg, Polski, ...), or in `shown_in`."""
    return Locale.parse(code).get_display_name(shown_in or code) or code


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def language_url(code: str) -> str:
    """This page in another language."""
    from flask import url_for

    if request.method not in ("GET", "HEAD"):
        return address_in_language(this_page(), code)
    args = {**request.args.to_dict(), "lang": code}
    return (
        url_for(request.endpoint, **(request.view_args or {}), **args)
        if request.endpoint
        else f"/?lang={code}"
    )


def this_page() -> str:
    """The page shown, as a same-site path and query that a GET opens again. A page
    answering a POST (a form sent back with its errors, say) is the page the form was
    on: its own address may take POSTs only."""
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    return same_site_referrer() or "/"


def address_in_language(path: str, code: str) -> str:
    """A same-site address with its ?lang= set to `code` (the language cookie follows)."""
    parts = urlsplit(path)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "lang"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("lang", code)])))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["tr"] = translated
    app.jinja_env.filters["pence"] = format_pence
    app.jinja_env.filters["percent_bp"] = format_basis_points
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["when"] = format_when
    app.jinja_env.filters["day"] = format_date_short
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals.update(
        current_language=current_language,
        html_lang=html_lang,
        text_direction=text_direction,
        language_name=language_name,
        language_url=language_url,
        this_page=this_page,
        LANGUAGES=LANGUAGES,
    )

    cookie_attributes = {
        "secure": app.config["SESSION_COOKIE_SECURE"],
        "samesite": "Lax",
        "httponly": True,
    }

    @app.after_request
    def remember_language(response):
        if g.get("forget_language") or g.get("language_in_session"):
            if _cookie_name() in request.cookies:
                response.delete_cookie(_cookie_name(), **cookie_attributes)
            return response
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and chosen != request.cookies.get(_cookie_name()):
            response.set_cookie(
                _cookie_name(), chosen, max_age=365 * 24 * 3600, **cookie_attributes
            )
        return response
