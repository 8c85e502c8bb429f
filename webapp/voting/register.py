"""Importing the household register from CSV: every line checked, all or nothing."""

import csv
import io
import re
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from webapp.areas.models import Area
from webapp.db import utcnow
from webapp.errors import DomainError
from webapp.i18n import LANGUAGES
from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.requests import CONTROL, whole_number
from webapp.voting.letters import SurplusCodes, withdraw_surplus_codes
from webapp.voting.models import Household

REQUIRED_COLUMNS = ("uprn", "address", "postcode", "area", "eligible_voters")
OPTIONAL_COLUMNS = ("language",)
MAX_ROWS = 200_000
MAX_VOTERS_PER_HOUSEHOLD = 50
UPRN = re.compile(r"^[0-9]{1,12}$")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


@dataclass
class RegisterRow:
    line: int
    uprn: str
    address: str
    postcode: str
    eligible_voters: int
    language: str | None
    # False when the file has no Language column: the household keeps its language.
    language_given: bool = True


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s", line=self.line, message=self.message)


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int
    not_in_file: int
    # What households with fewer eligible voters did to the rounds not yet closed.
    surplus: SurplusCodes = field(default_factory=SurplusCodes)

    @property
    def codes_withdrawn(self) -> dict[int, int]:
        return self.surplus.withdrawn

    @property
    def ballots_beyond_voters(self) -> dict[int, int]:
        return self.surplus.ballots_beyond_voters

    @property
    def codes_withdrawn_total(self) -> int:
        return sum(self.codes_withdrawn.values())

    @property
    def ballots_beyond_voters_total(self) -> int:
        return sum(self.ballots_beyond_voters.values())


class RegisterInvalid(DomainError):
    message = _l("The register was not imported: fix these lines and upload it again.")

    def __init__(self, errors: list[LineError]):
        super().__init__(detail=f"{len(errors)} errors")
        self.errors = errors


DELIMITERS = (",", ";", "\t")


def _header(fieldnames: list[str] | None) -> tuple[dict[str, str], list[LineError]]:
    """Map our column names to the file's, accepting 'Eligible voters' and the like."""
    found = {
        re.sub(r"[\s\-]+", "_", name.strip().lower()): name for name in (fieldnames or []) if name
    }
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        names = ", ".join(missing)
        return found, [LineError(1, _("missing columns: %(names)s", names=names))]
    return found, []


def _check_row(raw: dict, columns: dict[str, str], line: int, area: Area, errors: list):
    def value(name: str) -> str:  # control characters (ESC, say) never reach a letter
        return CONTROL.sub("", raw.get(columns.get(name, ""), "") or "").strip()

    problems = []
    uprn = value("uprn")
    if not UPRN.match(uprn):
        problems.append(_("UPRN %(uprn)r must be 1 to 12 digits", uprn=uprn[:40]))
    address = value("address")
    if not address or len(address) > 300:
        problems.append(_("the address must be between 1 and 300 characters"))
    postcode_match = POSTCODE.match(value("postcode").upper())
    if not postcode_match:
        problems.append(_("%(postcode)r is not a UK postcode", postcode=value("postcode")[:20]))
    area_name = value("area").lower()
    if area_name not in (area.slug, area.name.lower()):
        problems.append(
            _("the area %(given)r is not %(area)s", given=value("area")[:80], area=area.name)
        )
    voters = value("eligible_voters")
    voter_count = whole_number(voters)
    if voter_count is None or voter_count > MAX_VOTERS_PER_HOUSEHOLD:
        problems.append(
            _(
                "eligible voters must be a whole number from 0 to %(max)d, not %(given)r",
                max=MAX_VOTERS_PER_HOUSEHOLD,
                given=voters[:20],
            )
        )
    language = value("language").lower() or None
    if language and language not in LANGUAGES:
        problems.append(_("unknown language %(given)r", given=language[:20]))
    errors.extend(LineError(line, p) for p in problems)
    if problems:
        return None
    return RegisterRow(
        line=line,
        uprn=str(int(uprn)),
        address=address,
        postcode=f"{postcode_match.group(1)} {postcode_match.group(2)}",
        eligible_voters=voter_count,
        language=language,
        language_given="language" in columns,
    )


def parse_register(data: bytes, area: Area) -> list[RegisterRow]:
    """Every row of a register file; RegisterInvalid lists every bad line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterInvalid(
            [LineError(1, _("the file is not UTF-8 text (save it as CSV UTF-8)"))]
        ) from None
    if not text.strip():
        raise RegisterInvalid([LineError(1, _("the file has no households"))])
    # Spreadsheets set to many European locales save "CSV" with semicolons.
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count)  # a comma unless another is commoner
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:  # the header line itself (a wrong file, say)
        problem = _("the CSV is malformed (%(problem)s)", problem=str(exc))
        raise RegisterInvalid([LineError(1, problem)]) from None
    columns, errors = _header(fieldnames)
    if errors:
        raise RegisterInvalid(errors)
    rows, first_line = [], {}
    try:
        for records, raw in enumerate(reader):
            line = reader.line_num
            if records >= MAX_ROWS:
                errors.append(
                    LineError(line, _("the file has more than %(max)d rows", max=MAX_ROWS))
                )
                break
            if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
                continue
            row = _check_row(raw, columns, line, area, errors)
            if row is None:
                continue
            if row.uprn in first_line:
                errors.append(
                    LineError(
                        line,
                        _(
                            "UPRN %(uprn)s is also on line %(other)d",
                            uprn=row.uprn,
                            other=first_line[row.uprn],
                        ),
                    )
                )
                continue
            first_line[row.uprn] = line
            rows.append(row)
    except csv.Error as exc:  # raised inside a line: line_num still counts the one before
        errors.append(
            LineError(
                reader.line_num + 1, _("the CSV is malformed (%(problem)s)", problem=str(exc))
            )
        )
    if not rows and not errors:
        errors.append(LineError(1, _("the file has no households")))
    if errors:
        raise RegisterInvalid(errors)
    return rows


def import_register(*, session: Session, area: Area, rows: list[RegisterRow]) -> ImportResult:
    """Create or update households by UPRN; a UPRN in another area of the same council
    is refused. Other councils' registers are neither read nor revealed."""
    existing: dict[str, Household] = {}
    uprns = [row.uprn for row in rows]
    for start in range(0, len(uprns), 1000):
        chunk = uprns[start : start + 1000]
        for household in session.exec(
            select(Household)
            .join(Area, Area.id == Household.area_id)
            .where(Area.council_id == area.council_id, Household.uprn.in_(chunk))
        ):
            existing[household.uprn] = household
    foreign = [
        row for row in rows if row.uprn in existing and existing[row.uprn].area_id != area.id
    ]
    if foreign:
        raise RegisterInvalid(
            [
                LineError(row.line, _("UPRN %(uprn)s is registered in another area", uprn=row.uprn))
                for row in foreign
            ]
        )
    created = updated = unchanged = 0
    fewer_voters = []
    now = utcnow()
    for row in rows:
        household = existing.get(row.uprn)
        values = {
            "address": row.address,
            "postcode": row.postcode,
            "eligible_voters": row.eligible_voters,
        }
        if row.language_given:  # a blank cell clears it; a missing column keeps it
            values["language"] = row.language
        if household is None:
            session.add(Household(area_id=area.id, uprn=row.uprn, updated_at=now, **values))
            created += 1
        elif any(getattr(household, k) != v for k, v in values.items()):
            if row.eligible_voters < household.eligible_voters:
                fewer_voters.append(household.id)
            for key, value in values.items():
                setattr(household, key, value)
            household.updated_at = now
            updated += 1
        else:
            unchanged += 1
    session.flush()
    total = session.exec(
        select(func.count()).select_from(Household).where(Household.area_id == area.id)
    ).one()
    surplus = withdraw_surplus_codes(session=session, area_id=area.id, household_ids=fewer_voters)
    return ImportResult(created, updated, unchanged, total - len(rows), surplus)
