"""Efter besöket for staff: write the summary as a draft (from a ready summary or empty), write
it in English and Arabic too, preview it as the patient's side will see it, send it, correct it
(with its history), copy it to the journal, see who has read it, and tick next steps done."""

from __future__ import annotations

from . import staff_bp as bp  # noqa: F401
