"""Error pages in easy words, each with a way home. Never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db

MESSAGES = {
    400: (_l("Något gick fel med det du skickade"),
          _l("Vi kunde inte ta emot det. Ingenting har ändrats. Gå tillbaka och försök igen.")),
    403: (_l("Du får inte se den här sidan"),
          _l("Du har inte rätt att se eller ändra det här. Fråga vårdlotsen om du behöver det.")),
    404: (_l("Sidan finns inte"),
          _l("Vi hittar inte sidan. Den kanske är borttagen. Eller så är adressen fel.")),
    405: (_l("Det gick inte att göra så"),
          _l("Den här sidan fungerar inte på det sättet. Ingenting har ändrats.")),
    413: (_l("Det du skickade var för stort"),
          _l("Ingenting har ändrats. Försök med något mindre.")),
    429: (_l("Du har försökt för många gånger"),
          _l("Vänta en stund. Försök sedan igen. Du kan också ringa vårdcentralen.")),
    500: (_l("Något gick fel hos oss"),
          _l("Det är inte ditt fel. Ingenting har ändrats. Försök igen om en stund.")),
}
CSRF_MESSAGE = (
    _l("Formuläret hann bli för gammalt"),
    _l("Vi kunde inte ta emot formuläret. Ingenting har ändrats. "
       "Gå tillbaka, ladda om sidan och försök igen."),
)


def render_error(status: int, title=None, text=None):
    default_title, default_text = MESSAGES.get(status, MESSAGES[500])
    return (
        render_template(
            "errors/error.html", status=status, title=title or default_title, text=text or default_text
        ),
        status,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        status = error.code or 500
        if status not in MESSAGES:
            if 300 <= status < 400:
                return error
            status = 400 if status < 500 else 500
        response = render_error(status)
        if status == 405 and error.valid_methods:
            return response[0], status, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500)
