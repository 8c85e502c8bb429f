"""Neighbourhood Menu: councils hand parts of local services to communities."""

from pathlib import Path

from flask import Flask

from webapp.config import ConfigError, load_config
from webapp.requests import CleanRequest, DatabaseInteger
from webapp.sessions import SignedCookieSessions

__all__ = ["ConfigError", "create_app"]


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings read from the environment."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    app.request_class = CleanRequest
    app.session_interface = SignedCookieSessions()
    app.config.update(load_config(Path(app.instance_path)))
    app.jinja_env.add_extension("jinja2.ext.do")
    if config:
        app.config.update(config)
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from webapp import db, errors, htmx, i18n, migrate, models, security, security_events  # noqa: F401
    from webapp.admin import bp as admin_bp
    from webapp.api import bp as api_bp
    from webapp.areas import bp as areas_bp
    from webapp.areas.cli import menus_cli
    from webapp.auth import bp as auth_bp
    from webapp.auth.cli import users_cli
    from webapp.claims import bp as claims_bp
    from webapp.claims.cli import claims_cli
    from webapp.demo import demo_cli
    from webapp.extensions import csrf, limiter, login_manager
    from webapp.groups import bp as groups_bp
    from webapp.health import bp as health_bp
    from webapp.kiosk import bp as kiosk_bp
    from webapp.kiosk.session import init_app as init_kiosk
    from webapp.ledger import bp as ledger_bp
    from webapp.ledger.cli import ledger_cli
    from webapp.links import public_url
    from webapp.notifications import bp as notifications_bp
    from webapp.staff import bp as staff_bp
    from webapp.static import init_app as init_static
    from webapp.translate import translate_cli
    from webapp.voting import bp as voting_bp
    from webapp.voting.cli import register_cli

    db.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    htmx.init_app(app)
    security.init_app(app)
    security_events.init_app(app)
    migrate.init_app(app)
    init_static(app)
    app.jinja_env.globals["public_url"] = public_url
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    from webapp.auth import freshness

    freshness.init_app(app)

    login_manager.user_loader(freshness.load_signed_in_user)

    app.url_map.converters["int"] = DatabaseInteger  # before any route is added
    app.register_blueprint(areas_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(voting_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(claims_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(ledger_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(kiosk_bp)
    init_kiosk(app)

    @app.context_processor
    def kiosk_context():
        from flask import session

        return {"kiosk_area": lambda: session.get("kiosk")}

    app.cli.add_command(menus_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(register_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(claims_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(users_cli)
    return app
