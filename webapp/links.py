"""Links that leave the browser: printed on a letter, or passed on to another person.

They are built on BASE_URL, the site's public address, never on the host a request
came by: an officer working through an intranet alias or a proxy would otherwise
print thousands of letters pointing at an address residents cannot reach.
"""

from flask import current_app, request, url_for


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page, on the site's public address."""
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)
