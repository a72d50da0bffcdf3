"""The settings form: language, easy read, read-aloud and its speed, text size."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice

from ..core.forms import LotsenForm, one_of_the_choices


def _choice(field_label, choices, message):
    return RadioField(
        field_label, choices=choices, validate_choice=False, validators=[one_of_the_choices(message)]
    )


ON_OFF = [SelectChoice("on", _l("På")), SelectChoice("off", _l("Av"))]


class SettingsForm(LotsenForm):
    language = _choice(_l("Språk"), [], _l("Välj ett språk."))
    easy_read = _choice(_l("Lättläst text"), ON_OFF, _l("Välj på eller av."))
    read_aloud = _choice(_l("Läsa upp text"), ON_OFF, _l("Välj på eller av."))
    speech_rate = _choice(
        _l("Hur fort ska Lotsen läsa?"),
        [SelectChoice("normal", _l("Vanligt")), SelectChoice("slow", _l("Långsamt"))],
        _l("Välj hur fort."),
    )
    text_size = _choice(
        _l("Hur stor ska texten vara?"),
        [
            SelectChoice("normal", _l("Vanlig text")),
            SelectChoice("large", _l("Stor text")),
            SelectChoice("larger", _l("Större text")),
        ],
        _l("Välj hur stor."),
    )

    def __init__(self, languages: dict[str, str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(code, name) for code, name in languages.items()]


class PatientPreferencesForm(LotsenForm):
    """The patient's own text size and read-aloud speed, for when they use Lotsen with a helper."""

    text_size = SettingsForm.text_size
    speech_rate = SettingsForm.speech_rate


class RemindersForm(LotsenForm):
    """One's own reminders before a visit (app/visits/reminders.py): on or off."""

    visit_reminders = _choice(_l("Vill du ha en påminnelse?"), ON_OFF, _l("Välj på eller av."))
