"""No GET or HEAD changes anything: every such rule of the URL map, as every role, with real ids.

Allowed, and nothing else:
- `access_events`: new rows with action READ, PRINT or EXPORT. Reading patient data must be
  logged (docs/bars.md: every read lands in the append-only access log), so a GET of a patient page
  adds one; the printable vårdpass and the FHIR export are reads logged as a print and an export.
  Existing rows never change, and a GET never logs a change.
- `auth_sessions`: only `last_seen` of an existing row, the idle timer of the signed-in user's
  own server-side session, slid forward by any request (it is what keeps a user signed in).
- `resume_drafts`: rows may go away. A form shown by GET after signing in again hands back what
  was typed before the session ran out and removes the kept copy (app/core/drafts.py); that is the
  session's own bookkeeping, never a change to patient data.
- `after_visit_reads`: the read mark of the person who opens a summary after a visit (Efter
  besöket, app/aftervisit/services.py `mark_opened`): a new row, or the version and time it was
  last opened (and in what capacity). Staff see from it who has read what the clinic wrote.
- `usage_counts`: a new row, or its `count` one higher: the server's own count of read-aloud
  plays and easy-read pages per clinic and day (app/usage.py), numbers only, no person.
- `heartbeats`: `beat_at` of its one row, which the readiness check (`/halsa/redo`) writes and
  commits, since only a committed write proves that the database takes writes.
"""

from __future__ import annotations

from functools import partial

import pytest
from flask.testing import FlaskClient

from app.models import AccessAction
from tests.support.forms import changes, snapshot

from .conftest import ROLES, route_urls, session_bookkeeping

# Whether a GET writes is the code's doing, not the database's: the SQLite pass checks it.
pytestmark = pytest.mark.one_database


def allowed_on_get(change) -> bool:
    if change.table == "access_events":
        return change.kind == "added" and change.row["action"] in (
            AccessAction.READ,
            AccessAction.PRINT,
            AccessAction.EXPORT,
        )
    if change.table == "resume_drafts":
        return change.kind == "removed"
    if change.table == "after_visit_reads":
        return change.kind == "added" or (
            change.kind == "changed" and change.columns <= {"version", "read_at", "acting_as", "mandate_id"}
        )
    if change.table == "usage_counts":
        return change.kind == "added" or (change.kind == "changed" and change.columns == {"count"})
    if change.table == "heartbeats":
        return change.kind == "changed" and change.columns == {"beat_at"}
    return session_bookkeeping(change)


@pytest.mark.parametrize("role", ROLES)
def test_no_get_or_head_changes_anything(role, app, ids, browser, query):
    client = browser(role)
    urls = route_urls(app, ids, "GET")
    assert len(urls) >= 20, "too few GET routes found in the URL map"
    failures, reads = [], 0
    for endpoint, url in urls:
        for method in ("GET", "HEAD"):
            before = query(snapshot)
            # HEAD has no body: past the page checks of PageCheckingClient, straight to Flask's.
            opener = client.open if method == "GET" else partial(FlaskClient.open, client)
            response = opener(url, method=method, buffered=True)
            found = changes(before, query(snapshot))
            where = f"{role} {method} {endpoint} ({url}) -> {response.status_code}"
            if response.status_code >= 500:
                failures.append(f"{where}: server error")
            refused = [str(c) for c in found if not allowed_on_get(c)]
            if refused:
                failures.append(f"{where}: changed {refused}")
            reads += sum(c.table == "access_events" for c in found)
    assert not failures, "\n".join(failures)
    if role in ("patient", "representative", "staff"):
        # The allowance is used, not just permitted: patient pages were really read.
        assert reads > 0, f"{role}: no patient page was read, the ids do not reach them"
