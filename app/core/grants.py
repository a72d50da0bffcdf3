"""What a user may do for a patient, and on what terms: the grant the access decision hands a view.

`app.core.access.decide` is the only place that makes one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..models import HomeMandate, Mandate, Patient, Scope, StaffMember, User


class Capability(enum.StrEnum):
    SEE = Scope.SEE.value
    PREPARE_VISITS = Scope.PREPARE_VISITS.value
    WRITE_TO_VARDLOTS = Scope.WRITE_TO_VARDLOTS.value
    CHANGE_NEEDS = Scope.CHANGE_NEEDS.value
    # Clinic work that only staff do: invitations, mandates, the patient record itself.
    MANAGE = "manage"


class ActingAs(enum.StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    STAFF = "staff"


@dataclass(frozen=True)
class Grant:
    """Permission for one user to do one thing for one patient, and in what capacity."""

    user: User
    patient: Patient
    capability: Capability
    acting_as: ActingAs
    mandate: Mandate | None = None
    staff_member: StaffMember | None = None
    # A group home's worker acting under the clinic's mandate to the home (app/models/home.py).
    home_mandate: HomeMandate | None = None

    @property
    def is_self(self) -> bool:
        """The patient acts for themself (the pages say "du"), rather than a helper or staff."""
        return self.acting_as is ActingAs.PATIENT

    @property
    def by_staff(self) -> bool:
        return self.acting_as is ActingAs.STAFF

    @property
    def staff(self) -> StaffMember:
        """The staff member acting, for a service that only staff may call (answering a message,
        planning a call): a grant of another kind there is a programming error, not a user's."""
        if self.staff_member is None:
            raise TypeError(f"a staff-only action with a grant acting as {self.acting_as.value}")
        return self.staff_member

    def who_acted(self) -> dict:
        """The "who acted" columns (`app.models.base.WhoActed`) of a row this grant writes."""
        return {
            "user_id": self.user.id,
            "acting_as": self.acting_as.value,
            "mandate_id": self.mandate.id if self.mandate else None,
            "home_mandate_id": self.home_mandate.id if self.home_mandate else None,
        }
