from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, Regexp

from ..core.forms import LotsenForm, max_length, plain_text, required


class LoginForm(LotsenForm):
    # plain_text: PostgreSQL refuses a NUL in the query that looks the address up.
    email = EmailField(
        _l("E-post"), validators=[required(_l("Skriv din e-post.")), max_length(254), plain_text()]
    )
    password = PasswordField(
        _l("Lösenord"), validators=[required(_l("Skriv ditt lösenord.")), max_length(256)]
    )
    next = HiddenField()


class CodeForm(LotsenForm):
    code = StringField(
        _l("Koden från mejlet"),
        validators=[
            required(_l("Skriv koden från mejlet.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("Koden är 6 siffror.")),
        ],
    )


class ChoosePasswordForm(LotsenForm):
    password = PasswordField(
        _l("Välj ett lösenord"), validators=[required(_l("Skriv ett lösenord.")), max_length(256)]
    )
    confirm = PasswordField(
        _l("Skriv lösenordet en gång till"),
        validators=[
            required(_l("Skriv lösenordet en gång till.")),
            EqualTo("password", message=_l("Lösenorden är inte lika. Skriv samma två gånger.")),
        ],
    )


class ResetRequestForm(LotsenForm):
    email = EmailField(
        _l("E-post"),
        validators=[
            required(_l("Skriv din e-post.")),
            max_length(254),
            Email(
                message=_l("Det ser inte ut som en e-post. Den ska se ut så här: namn@exempel.se"),
                check_deliverability=False,
            ),
        ],
    )
