"""Hälsokontrollen: the yearly health check, from who is due and the invitation, through the
questionnaire before the check, to Min hälsoplan after it; and the notes of a change against what
is usual for the person ("Något har ändrats"), with their charts."""
