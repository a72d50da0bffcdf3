// Lotsen: one small script. Everything works without it; it only adds comfort.
"use strict";

(function sessionWarning() {
  // Warn before an idle sign-out and let the person stay with one tap (WCAG 2.2.1).
  const meta = document.querySelector('meta[name="lotsen-session"]');
  const dialog = document.getElementById("session-warning");
  if (!meta || !dialog) return;
  const statusUrl = meta.content;
  const extendUrl = meta.dataset.extend;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const button = document.getElementById("session-extend");
  let lastFocus = null;

  function show() {
    if (!dialog.hidden) return;
    lastFocus = document.activeElement;
    dialog.hidden = false;
    button.focus();
  }
  function hide() {
    dialog.hidden = true;
    if (lastFocus && lastFocus.focus) lastFocus.focus();
  }
  // Forms the person has typed in. When the session has ended, such a form is sent anyway:
  // the server cannot save it then, but keeps it and gives it back after signing in again.
  const typedIn = new Set();
  document.addEventListener("input", function (event) {
    const form = event.target.form;
    if (form && form.method === "post") typedIn.add(form);
  });
  function leave() {
    const form = typedIn.values().next().value;
    if (form) form.submit(); else window.location.reload();
  }
  async function check() {
    try {
      const response = await fetch(statusUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const state = await response.json();
      if (!state.signed_in) { leave(); return; }
      if (state.seconds_left <= state.warn_seconds) show(); else hide();
    } catch (error) { /* offline for a moment: try again next time */ }
  }
  button.addEventListener("click", async function () {
    try {
      await fetch(extendUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": token },
      });
    } finally { hide(); }
  });
  setInterval(check, 30000);
})();

(function focusErrorSummary() {
  // After a failed post, move focus to the list of what needs fixing, so it is read out first.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
