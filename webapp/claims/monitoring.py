"""Monitoring reports of active delegations: due dates from the option, overdue flags."""

import calendar
from datetime import date

from sqlmodel import Session, select

from webapp.audit.wording import day, worded
from webapp.auth.models import User
from webapp.claims.audit import record_claim_event
from webapp.claims.models import Claim, ClaimState, MonitoringReport
from webapp.claims.people import claim_audience
from webapp.claims.queries import claim_option, describe
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l
from webapp.notifications.services import notify


class ReportNotDue(DomainError):
    message = _l("That report has already been sent, or is not this claim's.")


class ReportEmpty(DomainError):
    message = _l("Write a short summary of what the group delivered.")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_first_report(
    *, session: Session, claim: Claim, today: date
) -> MonitoringReport | None:
    """When a delegation starts, its first report falls due one period later."""
    option = claim_option(session, claim)
    months = option.report_every_months if option else 0
    if not months:
        return None
    report = MonitoringReport(claim_id=claim.id, due_on=add_months(today, months))
    session.add(report)
    return report


def reports_of(*, session: Session, claim_id: int) -> list[MonitoringReport]:
    return list(
        session.exec(
            select(MonitoringReport)
            .where(MonitoringReport.claim_id == claim_id)
            .order_by(MonitoringReport.due_on)
        )
    )


def submit_report(
    *,
    session: Session,
    claim: Claim,
    report_id: int,
    summary: str,
    by: User,
    today: date | None = None,
) -> MonitoringReport:
    """Record a report and schedule the next one."""
    report = session.get(MonitoringReport, report_id)
    if report is None or report.claim_id != claim.id or report.submitted_at is not None:
        raise ReportNotDue()
    summary = (summary or "").strip()
    if not summary:
        raise ReportEmpty()
    report.summary = summary
    report.submitted_at = utcnow()
    report.submitted_by_id = by.id
    record_claim_event(
        session=session,
        claim=claim,
        action="report_submitted",
        by=by,
        reason=worded("report_submitted", due=day(report.due_on)),
    )
    option = claim_option(session, claim)
    if claim.state == ClaimState.ACTIVE and option and option.report_every_months:
        session.add(
            MonitoringReport(
                claim_id=claim.id, due_on=add_months(report.due_on, option.report_every_months)
            )
        )
    session.flush()
    return report


def is_overdue(report: MonitoringReport, today: date) -> bool:
    return report.submitted_at is None and report.due_on < today


def flag_overdue_reports(*, session: Session, today: date | None = None) -> int:
    """Notify the group and the council once about each newly overdue report."""
    today = today or utcnow().date()
    overdue = session.exec(
        select(MonitoringReport, Claim)
        .join(Claim, Claim.id == MonitoringReport.claim_id)
        .where(
            MonitoringReport.submitted_at.is_(None),
            MonitoringReport.due_on < today,
            MonitoringReport.overdue_notified_at.is_(None),
            Claim.state == ClaimState.ACTIVE,
        )
    ).all()
    for report, claim in overdue:
        report.overdue_notified_at = utcnow()
        notify(
            session=session,
            users=claim_audience(session, claim),
            kind="report_overdue",
            params={**describe(session, claim), "due": {"date": report.due_on.isoformat()}},
            url=f"/claims/{claim.id}",
        )
    session.flush()
    return len(overdue)
