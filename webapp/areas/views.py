from flask import abort, request

from webapp.areas import bp
from webapp.areas.services import get_area, search_areas
from webapp.db import get_session, utcnow
from webapp.htmx import render
from webapp.i18n import lazy_gettext as _l


@bp.route("/")
def home():
    query = request.args.get("q", "")
    areas = search_areas(session=get_session(), query=query)
    return render("areas/home.html", "results", query=query, areas=areas)


def _menu_or_404(slug: str):
    """The area's menu as its pages show it, and a newer version waiting for the next vote."""
    from webapp.voting.queries import public_menu

    session = get_session()
    area = get_area(session=session, slug=slug)
    if area is None:
        abort(404)
    return public_menu(session=session, area=area)


@bp.route("/areas/<slug>")
def area(slug: str):
    """The area's menu, its votes (open, coming, with results), decisions and rebates."""
    from webapp.claims.queries import claim_names, public_decisions
    from webapp.ledger.queries import household_rebates
    from webapp.voting.rounds import rounds_of_area

    menu, newer = _menu_or_404(slug)
    session = get_session()
    decisions = [
        (claim, group, *claim_names(session, claim))
        for claim, group in public_decisions(session=session, area_id=menu.area.id)
    ]
    return render(
        "areas/area.html",
        menu=menu,
        newer=newer,
        decisions=decisions,
        rebates=household_rebates(session=session, area_id=menu.area.id),
        rounds=rounds_of_area(session=session, area=menu.area),
        now=utcnow(),
    )


@bp.route("/areas/<slug>/functions/<key>")
def function(slug: str, key: str):
    menu, newer = _menu_or_404(slug)
    view = menu.function(key)
    if view is None:
        abort(404)
    return render("areas/function.html", menu=menu, newer=newer, view=view)


KIND_LABELS = {
    "estate": _l("Estate"),
    "neighbourhood": _l("Neighbourhood"),
    "village": _l("Village"),
    "town": _l("Town"),
}


@bp.app_template_global()
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))
