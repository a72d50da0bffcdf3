"""The form fuzzer (tests/test_fuzz_forms.py) on the staff forms of Efter besöket for a visit
that took place and has a sent summary with a correction begun: the whole-app fuzzer meets
them for a visit that may have been cancelled by an earlier example."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.clock import today
from tests.support.forms import forms_on
from tests.test_fuzz_forms import Visitor, check_form, fuzz_world  # noqa: F401 (a fixture)

from .staff_helpers import base_form, edit_url, summary_url


@pytest.mark.strict_database
def test_the_staff_forms_refuse_bad_input_clearly(app, client, fuzz_world, past, sign_in, act_for, query):  # noqa: F811
    world = fuzz_world.world
    visitor = Visitor("staff", client, fuzz_world, sign_in, act_for, query)
    client.post_form(edit_url(world, past.visit), base_form(today() + timedelta(days=4)))
    client.post_form(summary_url(world, past.visit) + "/skicka", {})
    client.post_form(
        edit_url(world, past.visit), {**base_form(today() + timedelta(days=4)), "found": "Nytt."}
    )
    forms = {}
    for suffix in ("", "/andra", "/sprak"):
        url = summary_url(world, past.visit) + suffix
        html = client.get(url).get_data(as_text=True)
        for form in forms_on(html, url):
            if form.method == "post" and "/efter" in form.action:
                forms.setdefault(form.key(), form)
    actions = sorted({form.action.rsplit("/efter", 1)[1] for form in forms.values()})
    assert actions == ["/andra", "/skicka", "/sprak", "/steg"], actions
    for form in forms.values():
        check_form(app, visitor, form, fuzz_world)
