"""The same template serves a full page or, to htmx, one of its named blocks."""

from flask import current_app, make_response, request


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
        body = render_block(template_name, block, **context)
    else:
        body = render_template(template_name, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response
