"""Languages: the locale of each request, translated menu text and money."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_percent
from flask import Flask, has_request_context, request
from flask_babel import (
    Babel,
    format_date,
    format_number,
    get_locale,
    gettext,
    lazy_gettext,
    ngettext,
)

__all__ = ["LANGUAGES", "format_pence", "gettext", "lazy_gettext", "ngettext", "translated"]

# The languages the interface and the menus are written in, in the switcher's order.
LANGUAGES = ("en", "cy", "pl", "ro", "pa", "ur", "ar", "bn", "so")
RTL_LANGUAGES = ("ar", "ur")
LANGUAGE_COOKIE = "lang"

babel = Babel()


def select_locale() -> str:
    """?lang=, then the language cookie, then the browser's Accept-Language."""
    if not has_request_context():
        return "en"
    for candidate in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    return request.accept_languages.best_match(LANGUAGES) or "en"


def current_language() -> str:
    return str(get_locale() or "en")


def translated(text: dict | None) -> str:
    """Menu text in the reader's language, falling back to English."""
    if not text:
        return ""
    return text.get(current_language()) or text.get("en", "")


def format_pence(pence: int) -> str:
    """An amount of pence as money in the reader's locale, e.g. £1,234.50."""
    return format_currency(Decimal(pence) / 100, "GBP", locale=current_language())


def format_basis_points(bp: int) -> str:
    """Basis points as a percentage in the reader's locale: 2500 -> 25%."""
    return format_percent(Decimal(bp) / 10_000, locale=current_language())


def language_name(code: str) -> str:
    """A language's name in that language (Cymraeg, Polski, ...)."""
    return Locale.parse(code).get_display_name(code) or code


def text_direction() -> str:
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["tr"] = translated
    app.jinja_env.filters["pence"] = format_pence
    app.jinja_env.filters["percent_bp"] = format_basis_points
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.globals.update(
        current_language=current_language,
        text_direction=text_direction,
        language_name=language_name,
        LANGUAGES=LANGUAGES,
    )

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and chosen != request.cookies.get(LANGUAGE_COOKIE):
            response.set_cookie(
                LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        return response
