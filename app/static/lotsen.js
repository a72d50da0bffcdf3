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

(function readAloud() {
  // "Lyssna" and "Läs upp sidan" are links to MP3 clips; here they play in place instead, and the
  // block being read is highlighted. Elements with data-clip, in page order, make up the page.
  const player = new Audio();
  let queue = [];
  let current = null;   // the element being read
  let pageButton = null;

  function mark(element) {
    if (current) current.classList.remove("is-reading");
    current = element;
    if (!element) return;
    element.classList.add("is-reading");
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }
  function setPageButton(playing) {
    if (!pageButton) return;
    const label = pageButton.querySelector("span");
    if (!pageButton.dataset.playLabel) pageButton.dataset.playLabel = label.textContent;
    label.textContent = playing ? pageButton.dataset.stopLabel : pageButton.dataset.playLabel;
    pageButton.setAttribute("aria-pressed", playing ? "true" : "false");
  }
  function stop() {
    player.pause();
    queue = [];
    mark(null);
    setPageButton(false);
  }
  function playNext() {
    const next = queue.shift();
    if (!next) { stop(); return; }
    mark(next.element);
    player.src = next.url;
    player.play().catch(broken);
  }
  function broken() {
    // The clip could not be made or played: say so in words; the page itself goes on working.
    const button = pageButton || document.querySelector("[data-read-page]");
    stop();
    if (button) {
      button.querySelector("span").textContent = button.dataset.brokenLabel;
      button.classList.add("is-broken");
    }
  }
  player.addEventListener("ended", playNext);
  player.addEventListener("error", function () { if (queue.length || current) broken(); });

  function topLevelClips(root) {
    return Array.from(root.querySelectorAll("[data-clip]")).filter(function (element) {
      return !element.parentElement.closest("[data-clip]") && element.offsetParent !== null;
    });
  }

  // A place ticked on the body map says its name, since it has no Lyssna of its own.
  document.addEventListener("change", function (event) {
    const url = event.target.dataset && event.target.dataset.say;
    if (!url || !event.target.checked) return;
    stop();
    pageButton = null;
    queue = [{ element: event.target.closest("label") || event.target, url: url }];
    playNext();
  });

  document.addEventListener("click", function (event) {
    const listen = event.target.closest("[data-listen]");
    const page = event.target.closest("[data-read-page]");
    if (!listen && !page) return;
    event.preventDefault();
    if (page) {
      const wasPlaying = pageButton === page && queue.length + (current ? 1 : 0) > 0;
      stop();
      if (wasPlaying) return;
      pageButton = page;
      queue = topLevelClips(document.getElementById("main")).map(function (element) {
        return { element: element, url: element.dataset.clip };
      });
      setPageButton(true);
      playNext();
      return;
    }
    const block = listen.closest("[data-clip]") || listen;
    const again = current === block;
    stop();
    if (again) return;  // a second tap on the same block stops it
    pageButton = null;
    queue = [{ element: block, url: listen.getAttribute("href") }];
    playNext();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) stop();
  });
  // The links act as buttons once this script runs: they play, they do not navigate. A page
  // without a clip of its own has a "Läs upp sidan" button that only this script can work.
  document.querySelectorAll("[data-listen], [data-read-page]").forEach(function (link) {
    link.hidden = false;
    if (link.tagName === "BUTTON") return;
    link.setAttribute("role", "button");
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
  });
})();

// The vårdpass's print button: there only with this script, it opens the browser's print dialog.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

(function liveLix() {
  // While staff write to a patient, show the text's LIX (as app/readability.py counts it:
  // words are runs of letters, sentences end at . ! ? : or a line break) and a hint over the limit.
  const out = document.querySelector("[data-lix-for]");
  const field = out && document.getElementById(out.dataset.lixFor);
  if (!field) return;
  const limit = Number(out.dataset.lixLimit);
  function lix(text) {
    let words = 0, long = 0, sentences = 0;
    text.split(/[.!?:\n]+/).forEach(function (part) {
      const found = part.match(/\p{L}+/gu);
      if (!found) return;
      sentences += 1;
      words += found.length;
      long += found.filter(function (w) { return w.length > 6; }).length;
    });
    return words ? Math.round(words / sentences + 100 * long / words) : null;
  }
  function show() {
    const score = lix(field.value);
    out.textContent = "";
    out.classList.toggle("is-hard", score !== null && score > limit);
    if (score === null) return;
    out.append(out.dataset.lixLabel + " ");
    const strong = document.createElement("strong");
    strong.textContent = String(score);
    out.append(strong);
    if (score > limit) out.append(" " + out.dataset.lixHint);
  }
  field.addEventListener("input", show);
  if (field.value) show();
})();

(function charCount() {
  // Near a text's length limit, say how much more fits; over it, how much to take away.
  document.querySelectorAll("[data-count-for]").forEach(function (out) {
    const field = document.getElementById(out.dataset.countFor);
    if (!field) return;
    const max = Number(out.dataset.max);
    let shown = "";
    function show() {
      const left = max - field.value.length;
      const near = left < max / 4;
      out.hidden = !near;
      out.classList.toggle("is-over", left < 0);
      // In steps of 50 until the last 100, so a screen reader is not told every key.
      const num = left > 100 ? Math.floor(left / 50) * 50 : Math.abs(left);
      const text = !near ? "" : (left < 0 ? out.dataset.over : out.dataset.left)
        .replace("%(num)s", String(num));
      if (text !== shown) { out.textContent = text; shown = text; }
    }
    field.addEventListener("input", show);
    // After a refused send the page already says the text is too long: one message, not two.
    if (field.getAttribute("aria-invalid") !== "true") show();
  });
})();

(function ownPhone() {
  // "Ring upp mig" for a helper: choosing "Mig" fills in the helper's own saved number, and
  // choosing the patient takes it away again (only if it was not changed).
  document.querySelectorAll("[data-own-phone]").forEach(function (box) {
    const own = box.dataset.ownPhone;
    const choice = box.querySelector("select");
    const field = box.querySelector("input[type=tel]");
    if (!own || !choice || !field) return;
    choice.addEventListener("change", function () {
      if (choice.value === box.dataset.ownFor && !field.value) field.value = own;
      else if (choice.value !== box.dataset.ownFor && field.value === own) field.value = "";
    });
  });
})();

(function keepTyped() {
  // What a person types into a form they send is kept in this tab until the answer shows that
  // it was taken: when the answer is one of Lotsen's "not saved" pages (the database is down, an
  // old form, …: they carry data-not-saved), going back to the form brings the text back, with a
  // notice. The next answer that is not such a page means the save went through: forgotten.
  // sessionStorage, not localStorage: tablets are shared, and a tab's storage ends with the tab.
  // Signing out forgets it all, and so does any signed-out page after a signed-in one. Never
  // kept: passwords, codes, tokens, files and hidden fields. Without this script the "not
  // saved" page itself shows the text to copy.
  const PREFIX = "lotsen-typed:";
  const SENT = PREFIX + "sent";  // which form was sent last, until its answer has come
  const SECRET = /^(pass|pwd|token|secret|csrf|otp)|(^|_)(pin|code|key)$/i;
  let store = null;
  try { store = window.sessionStorage; } catch (error) { return; }  // storage turned off
  if (!store) return;
  const signedIn = document.querySelector('meta[name="lotsen-session"]') !== null;
  const notSaved = document.querySelector("[data-not-saved]");

  function read(key) {
    try { return JSON.parse(store.getItem(key)); } catch (error) { return null; }
  }
  function write(key, value) {
    try { store.setItem(key, JSON.stringify(value)); } catch (error) { /* full: not kept */ }
  }
  function forgetAll(onlySignedIn) {
    for (let i = store.length - 1; i >= 0; i -= 1) {
      const key = store.key(i);
      if (!key || !key.startsWith(PREFIX)) continue;
      const record = read(key);
      if (!onlySignedIn || key === SENT || (record && record.signedIn)) store.removeItem(key);
    }
  }
  function postForms() {
    return Array.from(document.forms).filter(function (form) {
      return (form.getAttribute("method") || "").toLowerCase() === "post";
    });
  }
  // A form is known by the page it is on, where it sends to, and which such form it is.
  function keyOf(form) {
    const action = new URL(form.action, window.location.href).pathname;
    const same = postForms().filter(function (f) {
      return new URL(f.action, window.location.href).pathname === action;
    });
    return PREFIX + window.location.pathname + "|" + action + "|" + same.indexOf(form);
  }
  function keepable(field) {
    if (!field.name || field.disabled || SECRET.test(field.name)) return false;
    if (field.autocomplete === "one-time-code") return false;
    const tag = field.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select") return true;
    return tag === "input" &&
      !["password", "hidden", "file", "submit", "button", "reset", "image"].includes(field.type);
  }
  function snapshot(form) {
    const fields = [];
    let typed = false;
    Array.from(form.elements).filter(keepable).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        fields.push({ name: field.name, value: field.value, checked: field.checked });
      } else if (field.multiple) {
        const chosen = Array.from(field.selectedOptions).map(function (o) { return o.value; });
        fields.push({ name: field.name, values: chosen });
      } else {
        fields.push({ name: field.name, value: field.value });
        if (field.tagName.toLowerCase() !== "select" && field.value.trim()) typed = true;
      }
    });
    return typed ? fields : null;
  }
  function restore(form, fields) {
    const seen = {};
    fields.forEach(function (saved) {
      const all = Array.from(form.elements).filter(function (f) {
        return f.name === saved.name && keepable(f);
      });
      let field;
      if ("checked" in saved) {
        field = all.find(function (f) { return f.value === saved.value; });
        if (!field || field.checked === saved.checked) return;
        field.checked = saved.checked;
      } else if ("values" in saved) {
        field = all[0];
        if (!field) return;
        Array.from(field.options).forEach(function (o) { o.selected = saved.values.includes(o.value); });
      } else {
        const n = seen[saved.name] = (seen[saved.name] || 0) + 1;
        field = all[n - 1];
        if (!field || field.value === saved.value) return;
        field.value = saved.value;
      }
      // Let the page's other helpers (length counter, LIX, shown and hidden parts) catch up.
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  function notice(form, text) {
    const banner = document.createElement("div");
    banner.className = "banner banner-warning";
    banner.setAttribute("role", "status");
    const p = document.createElement("p");
    p.textContent = text;
    banner.append(p);
    form.before(banner);
  }

  // The answer to the form sent last: not saved (keep it, to give back) or saved (forget it).
  const sent = store.getItem(SENT);
  store.removeItem(SENT);
  if (sent) {
    const record = read(sent);
    if (record && notSaved) {
      record.failed = true;
      record.notice = notSaved.dataset.restored || "";
      write(sent, record);
    } else {
      store.removeItem(sent);
    }
  }
  if (!signedIn && !notSaved) forgetAll(true);  // signed out, or timed out: none of theirs stays

  if (!notSaved) {
    postForms().forEach(function (form) {
      const record = read(keyOf(form));
      if (!record || !record.failed) return;
      restore(form, record.fields);
      if (record.notice) notice(form, record.notice);
    });
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !postForms().includes(form)) return;
    if (new URL(form.action, window.location.href).pathname === "/logga-ut") {
      forgetAll(false);
      return;
    }
    const key = keyOf(form);
    const fields = snapshot(form);
    if (!fields) { store.removeItem(key); return; }
    write(key, { fields: fields, signedIn: signedIn });
    store.setItem(SENT, key);
  });
})();
