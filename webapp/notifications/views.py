from flask import redirect, url_for
from flask_login import current_user, login_required

from webapp.db import get_session
from webapp.htmx import render
from webapp.notifications import bp
from webapp.notifications.messages import render_message
from webapp.notifications.services import mark_all_read, notifications_of, unread_count
from webapp.voting.forms import ButtonForm


@bp.app_context_processor
def unread_notifications():
    if not current_user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(session=get_session(), user_id=current_user.id)}


@bp.app_template_global()
def notification_text(notification) -> str:
    return render_message(notification.kind, notification.params)


@bp.get("/notifications")
@login_required
def inbox():
    items = notifications_of(session=get_session(), user_id=current_user.id)
    return render("notifications/inbox.html", items=items, form=ButtonForm())


@bp.post("/notifications/read")
@login_required
def read_all():
    if ButtonForm().validate_on_submit():
        mark_all_read(session=get_session(), user_id=current_user.id)
    return redirect(url_for(".inbox"))
