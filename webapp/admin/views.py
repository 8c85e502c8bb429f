"""The officers' admin: queues with inline decisions, bulk approval, overview."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from webapp.admin import bp
from webapp.admin.filters import parse_filters
from webapp.admin.overview import overview, overview_csv
from webapp.admin.queues import (
    CLAIM_SORTS,
    CLAIM_STATES,
    claim_queue,
    overdue_reports,
    queue_counts,
    rounds_soon,
)
from webapp.areas.menus import council_services
from webapp.areas.models import Area, Council
from webapp.auth.permissions import hide_from_viewer
from webapp.claims.models import Claim
from webapp.claims.workflow import transition
from webapp.csvfiles import csv_download
from webapp.db import get_session
from webapp.errors import DomainError
from webapp.groups.models import Group
from webapp.htmx import is_htmx, render
from webapp.i18n import gettext as _
from webapp.i18n import translated
from webapp.ledger.instalments import (
    approvals_needed,
)
from webapp.ledger.models import Instalment
from webapp.voting.forms import ButtonForm

CLAIM_ACTIONS = ("start_review", "approve", "reject", "suspend")


def _council() -> Council:
    return get_session().get(Council, current_user.council_id)


def _counts() -> dict:
    return queue_counts(get_session(), council_id=current_user.council_id)


def _services() -> list[tuple[str, str]]:
    """The council's services, (key, name in the reader's language), by name."""
    names = council_services(get_session(), current_user.council_id)
    named = ((key, translated(name)) for key, name in names.items())
    return sorted(named, key=lambda service: (service[1].casefold(), service[0]))


def _areas() -> list[Area]:
    return list(
        get_session().exec(
            select(Area).where(Area.council_id == current_user.council_id).order_by(Area.name)
        )
    )


@bp.get("/")
def dashboard():
    session = get_session()
    return render(
        "admin/dashboard.html",
        counts=_counts(),
        rounds=rounds_soon(session, council_id=current_user.council_id),
        reports=overdue_reports(session, council_id=current_user.council_id),
        council=session.get(Council, current_user.council_id),
    )


@bp.get("/claims")
def claims():
    services = _services()
    f = parse_filters(
        request.args,
        statuses=CLAIM_STATES,
        sorts=CLAIM_SORTS,
        services=[key for key, _name in services],
    )
    page = claim_queue(get_session(), council_id=current_user.council_id, f=f)
    return render(
        "admin/claims.html",
        "results",
        f=f,
        page=page,
        counts=_counts(),
        areas=_areas(),
        services=services,
        form=ButtonForm(),
    )


def _claim_row(claim_id: int, error: str | None = None, status: int = 200):
    session = get_session()
    row = session.exec(
        select(Claim, Area).join(Area, Area.id == Claim.area_id).where(Claim.id == claim_id)
    ).first()
    claim, area = row
    html = render_template(
        "admin/_claim_row.html",
        claim=claim,
        area=area,
        group=session.get(Group, claim.group_id),
        error=error,
        form=ButtonForm(),
        swapped=True,
    ) + render_template("admin/_counts.html", counts=_counts(), oob=True)
    return Response(html, status=status, headers={"Vary": "HX-Request"})


@bp.post("/claims/<int:claim_id>/<action>")
def claim_action(claim_id: int, action: str):
    session = get_session()
    claim = session.get(Claim, claim_id)
    if claim is None or action not in CLAIM_ACTIONS:
        abort(404)
    area = session.get(Area, claim.area_id)
    if area.council_id != current_user.council_id:
        hide_from_viewer()
    if not ButtonForm().validate_on_submit():
        abort(400)
    error = None
    try:
        with session.begin_nested():
            transition(
                session=session,
                claim=claim,
                action=action,
                actor=current_user,
                reason=request.form.get("reason"),
                schedule=request.form.get("schedule"),
            )
    except DomainError as exc:
        error = str(exc.message)
    if is_htmx():
        return _claim_row(claim_id, error, 422 if error else 200)
    flash(
        error or _("Done: the claim is now “%(state)s”.", state=_state(claim)),
        "error" if error else "success",
    )
    return redirect(request.referrer or url_for(".claims"))


def _state(claim: Claim) -> str:
    from webapp.claims.labels import claim_state_label

    return claim_state_label(claim.state)


@bp.get("/overview")
def overview_page():
    data = overview(get_session(), council_id=current_user.council_id)
    return render("admin/overview.html", data=data, counts=_counts())


@bp.get("/overview.csv")
def overview_csv_view():
    body = overview_csv(overview(get_session(), council_id=current_user.council_id))
    return csv_download(body, "overview.csv")


@bp.app_template_global()
def approvals_required(instalment: Instalment, council: Council) -> int:
    return approvals_needed(instalment, council)


@bp.app_template_global()
def claim_status_choices() -> list[tuple[str, str]]:
    from webapp.claims.labels import claim_state_label

    return [(state, claim_state_label(state)) for state in CLAIM_STATES]


@bp.app_template_global()
def claim_sort_choices() -> list[tuple[str, str]]:
    return [
        ("submitted", _("Oldest first")),
        ("-submitted", _("Newest first")),
        ("area", _("Area")),
        ("group", _("Group")),
    ]
