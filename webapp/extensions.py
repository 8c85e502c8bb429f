"""Extensions shared by the feature packages, initialised in create_app()."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from webapp.i18n import lazy_gettext as _l

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see that page.")
# Off: a phone moving between Wi-Fi and mobile data changes address, and "strong"
# protection would sign it out (and lose a ballot under way). A copied cookie is
# stopped by the sign-in rows on the server (webapp/auth/sign_ins.py), not by this.
login_manager.session_protection = None

csrf = CSRFProtect()

# Memory storage by default; RATELIMIT_STORAGE_URI (redis://...) when several processes serve.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
