"""Evidence uploads: PDF, PNG or JPEG by their content, at most 10 MB, stored privately."""

import hashlib
import secrets
import unicodedata
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlmodel import Session

from webapp.audit.wording import worded
from webapp.auth.models import User
from webapp.claims.audit import record_claim_event
from webapp.claims.models import Claim, Evidence
from webapp.claims.queries import condition_name_text
from webapp.errors import DomainError
from webapp.i18n import lazy_gettext as _l

MAX_BYTES = 10 * 1024 * 1024
WRITTEN_FILES = "written_files"
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
# The extensions a downloaded file may keep for its checked type; the first is added otherwise.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


class EvidenceTooLarge(DomainError):
    message = _l("The file is larger than 10 MB.")


class EvidenceWrongType(DomainError):
    message = _l(
        "The file must be a PDF, PNG or JPEG document; this one is not, whatever its name says."
    )


class EvidenceEmpty(DomainError):
    message = _l("The file is empty.")


def sniff_type(data: bytes) -> str | None:
    """The content type a file's first bytes prove, if it is one we accept."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def clean_name(filename: str | None) -> str:
    """The uploaded name without folders or control characters (a line break in it breaks
    the download's headers, a NUL breaks PostgreSQL)."""
    printable = "".join(c for c in filename or "" if unicodedata.category(c) != "Cc")
    return Path(printable).name.strip()[:200] or "document"


def download_name(evidence: Evidence) -> str:
    """The name to download under, ending in its checked type's extension, so a PDF called
    .html or .bat is not opened as a page or run as a script."""
    name = clean_name(evidence.original_name)
    extensions = EXTENSIONS[evidence.content_type]
    return name if name.lower().endswith(extensions) else name + extensions[0]


def upload_folder() -> Path:
    folder = Path(
        current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_evidence(
    *,
    session: Session,
    claim: Claim,
    data: bytes,
    filename: str,
    condition_key: str | None,
    by: User,
) -> Evidence:
    """Check and keep an uploaded document; the name on disk is random."""
    if not data:
        raise EvidenceEmpty()
    if len(data) > MAX_BYTES:
        raise EvidenceTooLarge()
    content_type = sniff_type(data)
    if content_type is None:
        raise EvidenceWrongType()
    stored_name = secrets.token_hex(16)
    path = upload_folder() / stored_name
    path.write_bytes(data)
    session.info.setdefault(WRITTEN_FILES, []).append(path)
    evidence = Evidence(
        claim_id=claim.id,
        condition_key=condition_key or None,
        original_name=clean_name(filename),
        stored_name=stored_name,
        content_type=content_type,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=by.id,
    )
    session.add(evidence)
    session.flush()
    condition = (
        {"condition": condition_name_text(session, claim, condition_key)} if condition_key else {}
    )
    record_claim_event(
        session=session,
        claim=claim,
        action="evidence_uploaded",
        by=by,
        reason=worded("document_added", document=evidence.original_name, **condition),
    )
    return evidence


def evidence_path(evidence: Evidence) -> Path:
    return upload_folder() / evidence.stored_name


@event.listens_for(Session, "after_commit")
def _keep_files(session) -> None:
    session.info.pop(WRITTEN_FILES, None)


@event.listens_for(Session, "after_rollback")
def _remove_files(session) -> None:
    """A rolled-back upload leaves no file behind."""
    for path in session.info.pop(WRITTEN_FILES, []):
        path.unlink(missing_ok=True)
