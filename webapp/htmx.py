"""The same template serves a full page or, to htmx, one of its named blocks.

htmx swaps whatever answers a request into that request's target, which is a part
of the page: a redirect (followed by the browser before htmx sees it) or an error
page would land inside it. So, to htmx, a redirect becomes HX-Redirect (htmx then
loads the new page), and an error page replaces the whole page.
"""

from flask import Flask, current_app, has_request_context, make_response, request

REDIRECTS = (301, 302, 303, 307, 308)


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def render_block(template_name: str, block: str, **context) -> str:
    """Render one named block of a template with the app's full context."""
    app = current_app._get_current_object()
    app.update_template_context(context)
    template = app.jinja_env.get_template(template_name)
    block_render = template.blocks[block]
    return "".join(block_render(template.new_context(context)))


def render(template_name: str, block: str | None = None, *, status: int = 200, **context):
    """The whole page, or `block` alone when htmx asks; varies on HX-Request."""
    from flask import render_template

    if block is not None and is_htmx():
        body = render_block(template_name, block, partial=True, **context)
    else:
        body = render_template(template_name, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def whole_page(response):
    """An answer that takes the whole page when htmx asked for a part (an error page)."""
    if has_request_context() and is_htmx():
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "outerHTML"
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    @app.after_request
    def redirects_leave_the_page(response):
        """A redirect answering htmx (a session that ended, a kiosk reset) moves the
        browser to the new page rather than loading it into the part htmx asked for."""
        if response.status_code not in REDIRECTS or "Location" not in response.headers:
            return response
        response.vary.add("HX-Request")
        if is_htmx():
            response.headers["HX-Redirect"] = response.headers.pop("Location")
            response.status_code = 204
            response.set_data(b"")
        return response
