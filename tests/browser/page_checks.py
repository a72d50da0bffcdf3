"""Checks one page in a real browser, against the accessibility bar in docs/bars.md.

Used by test_crawl.py: each function returns a list of problems (empty when the page passes),
so one crawl can report everything it found at once.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
TARGET = 48  # every control, CSS px
BIG_TARGET = 64  # the main actions on patient pages, CSS px height
_AXE = Axe()  # axe-core's script, read once

# Runs in the page: the structure of the page, the size of its controls, and the list of
# elements Tab should reach, in document order. The list is kept in window.__crawlFocusables
# so the tab walk can name what got focus without touching the DOM.
INSPECT = r"""
([TARGET, BIG_TARGET]) => {
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean);
    if (cls.length) s += "." + cls.join(".");
    if (el.name) s += `[name=${el.name}]`;
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim()
      .replace(/\s+/g, " ").slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const shown = (el) => el.checkVisibility({visibilityProperty: true}) && !el.closest("[inert]");
  // The card radio and checkbox inputs are invisible; their label card is what is touched.
  const cardLabel = (el) => el.matches(".card-input") && el.labels && el.labels[0];

  const ids = Array.from(document.querySelectorAll("[id]"), (e) => e.id);
  const duplicateIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  const h1s = Array.from(document.querySelectorAll("h1"));

  const small = [];
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary");
  for (const el of controls) {
    const target = cardLabel(el) || el;
    if (!shown(target)) continue;
    const r = target.getBoundingClientRect();
    if (r.width + 0.5 < TARGET || r.height + 0.5 < TARGET)
      small.push(`${describe(target)} is ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  const smallPrimary = [];
  if (document.body.classList.contains("area-patient")) {
    for (const el of document.querySelectorAll(
        ".button-big, .tile, .tile-button, main form .button")) {
      if (!shown(el)) continue;
      const h = el.getBoundingClientRect().height;
      if (h + 0.5 < BIG_TARGET) smallPrimary.push(`${describe(el)} is ${Math.round(h)} px high`);
    }
  }

  // What Tab should reach, in document order: one stop per radio group (the checked one, or
  // the first), nothing hidden, disabled or taken out of the order with tabindex=-1.
  const candidates = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, iframe, [contenteditable], " +
    "details > summary:first-of-type, [tabindex]");
  // A radio group is one Tab stop, where its checked radio is (or its first, if none is).
  const groupKey = (el) =>
    (el.form ? Array.from(document.forms).indexOf(el.form) : -1) + "/" + el.name;
  const checkedInGroup = new Map();
  for (const el of document.querySelectorAll("input[type=radio]:checked"))
    if (el.name) checkedInGroup.set(groupKey(el), el);
  const focusables = [];
  const seenGroups = new Set();
  const positiveTabindex = [];
  for (const el of candidates) {
    if (el.disabled || !shown(el)) continue;
    if (el.tabIndex < 0) continue;
    if (el.tabIndex > 0) positiveTabindex.push(describe(el));
    if (el.type === "radio" && el.name) {
      const key = groupKey(el);
      const checked = checkedInGroup.get(key);
      if (checked ? checked !== el : seenGroups.has(key)) continue;
      seenGroups.add(key);
    }
    focusables.push(el);
  }
  const styleOf = (el) => {
    const c = getComputedStyle(cardLabel(el) || el);
    return {outline: c.outlineStyle === "none" ? 0 : parseFloat(c.outlineWidth) || 0,
            outlineStyle: c.outlineStyle, outlineColor: c.outlineColor, shadow: c.boxShadow};
  };
  window.__crawlFocusables = focusables;
  window.__crawlFocusLog = [];
  window.__crawlStyleOf = styleOf;
  window.__crawlDescribe = describe;
  if (!window.__crawlListening) {
    window.__crawlListening = true;
    document.addEventListener("focusin", (event) => {
      const el = event.target;
      window.__crawlFocusLog.push({index: window.__crawlFocusables.indexOf(el),
                                   what: window.__crawlDescribe(el),
                                   style: window.__crawlStyleOf(el)});
    });
  }
  if (document.activeElement && document.activeElement !== document.body)
    document.activeElement.blur();

  return {
    title: document.title.replace(/\s+/g, " ").trim(),
    h1Count: h1s.length,
    h1: h1s.length ? h1s[0].textContent.replace(/\s+/g, " ").trim() : "",
    duplicateIds,
    lang: document.documentElement.getAttribute("lang"),
    dir: document.documentElement.getAttribute("dir"),
    patientArea: document.body.classList.contains("area-patient"),
    small, smallPrimary, positiveTabindex,
    focusables: focusables.map((el) => ({what: describe(el), style: styleOf(el),
                                   multipart: /^(date|time|datetime-local|month|week)$/.test(el.type)})),
  };
}
"""

OVERFLOW = r"""
() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  // What sticks out inside a box that scrolls or clips it (the header's tools on a phone) does
  // not widen the page: name only what does.
  const clipped = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if ((r.right > width + 0.5 || r.left < -0.5) && r.width > 0 && el.checkVisibility() && !clipped(el)) {
      let s = el.tagName.toLowerCase();
      const cls = (el.getAttribute("class") || "").trim();
      if (cls) s += "." + cls.split(/\s+/).join(".");
      culprits.push(`${s} (${Math.round(r.left)}..${Math.round(r.right)})`);
      if (culprits.length >= 3) break;
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, culprits};
}
"""

MAX_TABS = 400


def _shows_focus(focused: dict, unfocused: dict) -> bool:
    has = focused["outline"] > 0 or focused["shadow"] not in ("none", "")
    return has and focused != unfocused


def structure(info: dict, expected_lang: str, expected_dir: str) -> list[str]:
    problems = []
    if info["h1Count"] != 1:
        problems.append(f"{info['h1Count']} h1 elements (want exactly one)")
    elif not info["title"].startswith(info["h1"]):
        problems.append(f"title {info['title']!r} does not begin with the h1 {info['h1']!r}")
    if info["duplicateIds"]:
        problems.append(f"duplicate ids: {', '.join(info['duplicateIds'])}")
    if info["lang"] != expected_lang:
        problems.append(f"html lang={info['lang']!r}, want {expected_lang!r}")
    if info["dir"] != expected_dir:
        problems.append(f"html dir={info['dir']!r}, want {expected_dir!r}")
    problems += [f"target smaller than {TARGET}x{TARGET}: {s}" for s in info["small"]]
    problems += [f"main action lower than {BIG_TARGET} px: {s}" for s in info["smallPrimary"]]
    problems += [f"positive tabindex breaks the order: {s}" for s in info["positiveTabindex"]]
    return problems


def tab_walk(page, info: dict) -> list[str]:
    """Press Tab through the page: each stop in document order, each with a visible focus."""
    expected = info["focusables"][:MAX_TABS]
    # Tab also steps through the parts of a date or time field (day, month, year) without a
    # new focus event: press more; what comes after the expected stops is not looked at.
    presses = len(expected) + sum(4 for want in expected if want["multipart"])
    for _ in range(presses):
        page.keyboard.press("Tab")
    log = page.evaluate("window.__crawlFocusLog")
    problems = []
    for step, want in enumerate(expected):
        got = log[step] if step < len(log) else None
        if got is None or got["index"] != step:
            problems.append(
                f"Tab stop {step + 1} is {got['what'] if got else 'nothing'}, "
                f"want {want['what']} (document order)"
            )
            break  # the rest of the order is shifted; one message says it
        if not _shows_focus(got["style"], want["style"]):
            problems.append(
                f"no visible focus indicator on {want['what']} "
                f"(focused {got['style']}, unfocused {want['style']})"
            )
    page.evaluate("document.activeElement && document.activeElement.blur()")
    return problems


def axe(page) -> list[str]:
    # From the top of the page, as it loads: the Tab walk leaves the page scrolled to its last
    # stop, and axe counts a target that has scrolled under the sticky "Du hjälper" bar as hidden
    # by the bar's button (target-size), so the result would hang on where the walk ended.
    page.evaluate("window.scrollTo(0, 0)")
    # Only the violations come back in full (the passes are counted, not listed): a page of 200
    # pictures otherwise sends axe's whole report through the browser's pipe.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _AXE.run(page, options=options)
    problems = []
    for v in results.response["violations"]:
        target = v["nodes"][0]["target"] if v["nodes"] else "?"
        problems.append(f"axe {v['id']} ({v['impact']}, {len(v['nodes'])} nodes), first: {target}")
    return problems


def overflow(page, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 800})
    found = page.evaluate(OVERFLOW)
    if not found:
        return []
    return [
        f"scrolls sideways at {width} px (scrollWidth {found['scrollWidth']}); "
        f"wide: {'; '.join(found['culprits'])}"
    ]


def slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "start"
