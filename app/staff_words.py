"""Names of roles and mandate kinds as people say them."""

from flask_babel import lazy_gettext as _l

from .models import MandateKind, MandateStatus, Scope

MANDATE_KIND_WORDS = {
    MandateKind.GOD_MAN: _l("god man"),
    MandateKind.FORVALTARE: _l("förvaltare"),
    MandateKind.RELATIVE_FULLMAKT: _l("anhörig med fullmakt"),
    MandateKind.RELATIVE_CONSENT: _l("anhörig med samtycke"),
    MandateKind.GROUP_HOME_STAFF: _l("personal på boendet"),
    MandateKind.PERSONAL_ASSISTANT: _l("personlig assistent"),
    MandateKind.OTHER: _l("annan"),
}
MANDATE_STATUS_WORDS = {
    MandateStatus.INVITED: _l("inbjuden"),
    MandateStatus.AWAITING_VERIFICATION: _l("väntar på kontroll"),
    MandateStatus.ACTIVE: _l("gäller"),
    MandateStatus.REVOKED: _l("återkallad"),
    MandateStatus.EXPIRED: _l("har gått ut"),
}
SCOPE_WORDS = {
    Scope.SEE: _l("se uppgifter"),
    Scope.PREPARE_VISITS: _l("förbereda besök"),
    Scope.WRITE_TO_VARDLOTS: _l("skriva till vårdlotsen"),
    Scope.CHANGE_NEEDS: _l("ändra anpassningar"),
}


def mandate_kind_word(kind: MandateKind) -> str:
    return str(MANDATE_KIND_WORDS[kind])
