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
  let leaving = false;  // the lock's timer and the 30-second check may both find it locked
  function leave() {
    if (leaving) return;
    leaving = true;
    const form = typedIn.values().next().value;
    if (form) form.submit(); else window.location.reload();
  }
  // "Logga ut" and "Det är inte jag" (in the idle warning, and in the header of the home's
  // tablet) take what was typed along: the server keeps it as a draft for the signed-in person,
  // who finds it on the same page after signing in again.
  document.querySelectorAll("form[data-keep-typed]").forEach(function (out) {
    out.addEventListener("submit", function () {
      const form = typedIn.values().next().value;
      if (!form) return;
      const fields = {};
      new FormData(form).forEach(function (value, name) {
        if (name === "csrf_token" || typeof value !== "string") return;
        (fields[name] = fields[name] || []).push(value);
      });
      const add = function (name, value) {
        const input = document.createElement("input");
        input.type = "hidden"; input.name = name; input.value = value;
        out.appendChild(input);
      };
      add("draft_path", new URL(form.action, window.location.href).pathname);
      add("draft", JSON.stringify(fields));
    });
  });
  // On a group home's tablet the screen locks after a few idle minutes: typing and tapping count
  // as using it (they send no request of their own; the next check tells the server how long ago
  // the last one was), and once it is locked the page is blanked at once, before the lock page
  // comes (what was typed goes along, kept as a draft). A timer from the last use fires at the
  // home's lock time, so the lock comes on time rather than at the next 30-second check; the
  // server still decides (another tab may have been used meanwhile).
  const onTablet = meta.hasAttribute("data-tablet") && !document.body.classList.contains("is-locked");
  const lockMs = (Number(meta.dataset.lockSeconds) || 0) * 1000;
  let used = false;
  let lastUse = Date.now();
  if (onTablet) {
    ["input", "pointerdown", "keydown"].forEach(function (type) {
      document.addEventListener(type, function () { used = true; lastUse = Date.now(); }, true);
    });
  }
  async function stillUsed() {
    if (!used) return;
    used = false;
    const body = new URLSearchParams({ ago: String(Math.max(0, Math.round((Date.now() - lastUse) / 1000))) });
    await fetch(extendUrl, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }, body: body,
    });
  }
  let lockTimer = null;
  function lockIn(ms) {
    clearTimeout(lockTimer);
    lockTimer = setTimeout(lockDue, Math.max(ms, 0) + 500);
  }
  function lockDue() {
    const left = lastUse + lockMs - Date.now();
    if (left > 0) { lockIn(left); return; }  // used since the timer was set
    document.body.classList.add("is-blanked");  // nothing of the page shows while the server answers
    check(true);
  }
  async function check(due) {
    try {
      await stillUsed();
      const response = await fetch(statusUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) { if (due) leave(); return; }
      const state = await response.json();
      if (state.locked) { document.body.classList.add("is-blanked"); leave(); return; }
      if (!state.signed_in) { leave(); return; }
      if (due) document.body.classList.remove("is-blanked");
      if (onTablet && lockMs && typeof state.lock_seconds_left === "number") {
        // The server's count, or this page's, whichever is later (this page knows of taps it has
        // not told yet; the server of another tab's use).
        lockIn(Math.max(state.lock_seconds_left * 1000, lastUse + lockMs - Date.now()));
      }
      if (state.seconds_left <= state.warn_seconds) show(); else hide();
    } catch (error) { if (due) leave(); /* offline for a moment: try again next time */ }
  }
  if (onTablet && lockMs) lockIn(lockMs);
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

(function oneTapAtATime() {
  // A quick double tap on a button that sends a form sends it once: that form sends nothing more
  // until the next page is shown (or this one is shown again, by Back). In the wizard, whose
  // sticky Nästa sits in the same place on every page, a tap that lands on the next page before
  // a person could have seen it does nothing either (data-settle: that many milliseconds after
  // the last form this tab sent).
  const LAST = "lotsen-sent-at";
  const sent = new WeakSet();
  let tapped = 0;  // a finger or a mouse, not the keyboard
  document.addEventListener("pointerdown", function () { tapped = Date.now(); }, true);
  let store = null;
  try { store = window.sessionStorage; } catch (error) { store = null; }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form").forEach(function (f) { sent.delete(f); });
  });
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    const settle = Number(form.dataset.settle || 0);
    const last = store ? Number(store.getItem(LAST) || 0) : 0;
    const tap = Date.now() - tapped < 1000;
    if (sent.has(form) || (settle && tap && Date.now() - last < settle)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    sent.add(form);
    try { if (store) store.setItem(LAST, String(Date.now())); } catch (error) { /* full */ }
    // A form whose answer is not a new page (a file, say) can be sent again after a while.
    setTimeout(function () { sent.delete(form); }, 10000);
  }, true);
})();

(function urgentNotice() {
  // The worst pain, or "Något har hänt": the notice that says not to wait shows at once, and is
  // read out when read-aloud is on. Without the script, the next page shows it.
  document.querySelectorAll("[data-urgent-field]").forEach(function (notice) {
    const form = notice.closest("form") || document;
    const values = notice.dataset.urgentValues.split(" ");
    function chosen() {
      return Array.from(form.querySelectorAll('input[name="' + notice.dataset.urgentField + '"]'))
        .some(function (input) { return input.checked && values.includes(input.value); });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name !== notice.dataset.urgentField) return;
      const show = chosen();
      const was = !notice.hidden;
      notice.hidden = !show;
      if (!show || was) return;
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      notice.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
      const listen = notice.querySelector("[data-listen]");
      if (listen) setTimeout(function () { listen.click(); }, 0);
    });
  });
})();

(function alone() {
  // "Jag kommer ensam" and a person who comes along cannot both be ticked: ticking one clears
  // the other (the server refuses both together, in easy words, without the script).
  document.querySelectorAll("[data-alone]").forEach(function (box) {
    const lone = box.dataset.alone.split(" ");
    box.addEventListener("change", function (event) {
      const input = event.target;
      if (input.type !== "checkbox" || !input.checked) return;
      const isLone = lone.includes(input.value);
      box.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]').forEach(function (other) {
        if (other !== input && other.checked && (isLone || lone.includes(other.value))) {
          other.checked = false;
        }
      });
    });
  });
})();

(function focusErrorSummary() {
  // After a failed post, move focus to the list of what needs fixing, so it is read out first.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

(function readAloud() {
  // "Lyssna" and "Läs upp sidan" are links to MP3 clips; here they play in place instead, and the
  // block being read is highlighted. Elements with data-clip, in page order, make up the page.
  // While a block plays, the word being said is marked too (see followWords below).
  const player = new Audio();
  let queue = [];
  let current = null;   // the element being read
  let pageButton = null;
  const words = followWords(player);

  function mark(element) {
    if (current) current.classList.remove("is-reading");
    words.clear();
    current = element;
    if (!element) return;
    element.classList.add("is-reading");
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }
  function setPageButton(playing) {
    if (!pageButton) return;
    const label = pageButton.querySelector(".read-page-label");
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
    words.follow(next.element, next.url);
    player.play().catch(function (error) {
      // A play cut short by the next one (a card's label, then the notice it opens) is not a
      // broken clip: only a clip that cannot be played is.
      if (error && error.name === "AbortError") return;
      broken();
    });
  }
  function broken() {
    // The clip could not be made or played: say so in words; the page itself goes on working.
    const button = pageButton || document.querySelector("[data-read-page]");
    stop();
    if (button) {
      button.querySelector(".read-page-label").textContent = button.dataset.brokenLabel;
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

  // A place ticked on the body map says its name, since it has no Lyssna of its own; a picture
  // card chosen says its label (one tap: the person hears what they chose).
  document.addEventListener("change", function (event) {
    const url = event.target.dataset && event.target.dataset.say;
    if (!url || !event.target.checked) return;
    stop();
    pageButton = null;
    queue = [{ element: event.target.closest(".card, label") || event.target, url: url }];
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

  function followWords(player) {
    // Follow the words: the clip's timings (/tal/<key>.json, asked for like the clip itself) say
    // when each word shown starts in the audio. Only while the block plays are its words wrapped
    // in spans, the one being said marked "is-word"; afterwards the block is put back exactly as
    // it was. Without timings (an old browser, a clip that has none) the block is read as before.
    const SKIP = "script, style, template, svg, noscript, select, textarea, [hidden], " +
      "[aria-hidden='true'], .visually-hidden, .no-read";  // as app/readability.py visible_text
    const BLOCKS = new Set(["ADDRESS", "ARTICLE", "ASIDE", "BLOCKQUOTE", "BR", "BUTTON", "CAPTION",
      "DD", "DETAILS", "DIV", "DL", "DT", "FIELDSET", "FIGCAPTION", "FIGURE", "FOOTER", "FORM", "H1",
      "H2", "H3", "H4", "H5", "H6", "HEADER", "HR", "LABEL", "LEGEND", "LI", "MAIN", "NAV", "OL",
      "OPTION", "P", "SECTION", "SUMMARY", "TABLE", "TD", "TH", "TR", "UL"]);
    const MARKS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;  // say nothing: dropped
    let round = 0;        // which play the timings being fetched belong to
    let wrapped = [];     // [original text node, the span put in its place]
    let times = [];       // [[start in seconds, spans of that word]] in the order said
    let shown = -1;       // index into times of the word marked
    let frame = 0;

    // The block's words as a reader sees them: runs of non-space characters, also across inline
    // elements ("<b>Hej</b>!" is one word), each with the pieces of text nodes it is made of.
    function wordsOf(block) {
      const found = [];
      let open = null;  // the word being read, until a space or a block's edge ends it
      (function walk(parent) {
        for (let node = parent.firstChild; node; node = node.nextSibling) {
          if (node.nodeType === Node.TEXT_NODE) {
            const text = node.data;
            const pattern = /\S+/g;
            let match, end = 0;
            while ((match = pattern.exec(text))) {
              if (match.index > end) open = null;
              if (!open) { open = { text: "", pieces: [] }; found.push(open); }
              open.text += match[0].replace(MARKS, "");
              open.pieces.push({ node: node, start: match.index, end: pattern.lastIndex });
              end = pattern.lastIndex;
            }
            if (end < text.length) open = null;
          } else if (node.nodeType === Node.ELEMENT_NODE) {
            const block = BLOCKS.has(node.tagName);
            if (block) open = null;
            if (!node.matches(SKIP)) walk(node);
            if (block) open = null;
          }
        }
      })(block);
      return found.filter(function (word) { return word.text; });
    }

    // Which of the block's words each word of the timings is: in order, skipping a word the page
    // shows and the clip does not say (or the other way round).
    // A clip may say a little more than the block shows ("Ändra: Boka tid" for "Ändra", a full
    // stop after a date): words are the same when their letters and digits are.
    function same(text) {
      const core = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
      return core || text;
    }
    function align(said, seen) {
      const found = [];
      let next = 0;
      said.forEach(function (text, index) {
        const want = same(text.replace(MARKS, ""));
        for (let k = next; k < Math.min(seen.length, next + 8); k += 1) {
          if (same(seen[k].text) === want) { found[index] = seen[k]; next = k + 1; return; }
        }
      });
      return found;
    }

    function wrap(word) {
      return word.pieces.map(function (piece) {
        const span = document.createElement("span");
        span.className = "spoken-word";
        piece.span = span;
        return span;
      });
    }
    function putInPlace(pieces) {
      // Each text node with words to mark is replaced by one span holding the same text, its
      // words in spans of their own: one span, so that in a flex box (a phone link, say) the text
      // stays one item and keeps its spaces. The node is kept, to be put back afterwards.
      const byNode = new Map();
      pieces.forEach(function (piece) {
        if (!byNode.has(piece.node)) byNode.set(piece.node, []);
        byNode.get(piece.node).push(piece);
      });
      byNode.forEach(function (list, node) {
        list.sort(function (a, b) { return a.start - b.start; });
        const holder = document.createElement("span");
        holder.className = "spoken-text";
        let at = 0;
        list.forEach(function (piece) {
          if (piece.start > at) holder.append(node.data.slice(at, piece.start));
          piece.span.textContent = node.data.slice(piece.start, piece.end);
          holder.append(piece.span);
          at = piece.end;
        });
        if (at < node.data.length) holder.append(node.data.slice(at));
        node.replaceWith(holder);
        wrapped.push([node, holder]);
      });
    }

    function show(index) {
      if (index === shown) return;
      if (shown >= 0) times[shown][1].forEach(function (span) { span.classList.remove("is-word"); });
      shown = index;
      if (index >= 0) times[index][1].forEach(function (span) { span.classList.add("is-word"); });
    }
    function update() {
      const now = player.currentTime;
      let index = shown;
      while (index + 1 < times.length && times[index + 1][0] <= now) index += 1;
      while (index >= 0 && times[index][0] > now) index -= 1;
      show(index);
    }
    function tick() {
      frame = 0;
      if (!times.length || player.paused) return;
      update();
      frame = window.requestAnimationFrame(tick);
    }
    function run() {
      if (times.length && !frame) frame = window.requestAnimationFrame(tick);
    }
    player.addEventListener("playing", run);
    // Where animation frames are held back (a tab in the background), the player's own updates.
    player.addEventListener("timeupdate", function () { if (times.length) update(); });

    function clear() {
      round += 1;
      if (frame) window.cancelAnimationFrame(frame);
      frame = 0;
      times = [];
      shown = -1;
      wrapped.forEach(function (pair) {
        if (pair[1].parentNode) pair[1].replaceWith(pair[0]);  // unless the page changed there
      });
      wrapped = [];
    }

    async function follow(block, clipUrl) {
      const mine = round;
      if (!window.fetch || !/\.mp3$/.test(clipUrl)) return;
      // Asked for once the clip has come: then it is made, its timings with it, and asking for
      // them costs no synthesis of its own (nor a second one at the same time elsewhere).
      if (player.readyState < 1) {
        await new Promise(function (done) { player.addEventListener("loadedmetadata", done, { once: true }); });
      }
      if (mine !== round) return;
      let timings;
      try {
        const response = await fetch(clipUrl.replace(/\.mp3$/, ".json"), { credentials: "same-origin" });
        if (!response.ok) return;
        timings = await response.json();
      } catch (error) { return; }  // the words are not followed; the clip still plays
      if (mine !== round || !Array.isArray(timings.words) || !Array.isArray(timings.times)) return;
      const found = align(timings.words, wordsOf(block));
      const marked = [];
      const list = [];
      timings.times.forEach(function (entry) {
        const word = found[entry[1]];
        if (!word) return;
        if (!word.spans) { word.spans = wrap(word); word.pieces.forEach(function (p) { marked.push(p); }); }
        list.push([Number(entry[0]), word.spans]);
      });
      putInPlace(marked);
      times = list;
      update();
      run();
    }

    return { follow: follow, clear: clear };
  }
})();

// The vårdpass's print button: there only with this script, it opens the browser's print dialog.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// A table wider than its box (the statistics): the words saying it scrolls sideways show only
// while it does, and again after the window changes size. Without the script the shadows at
// the table's edges still show that there is more.
(function () {
  "use strict";
  const hints = document.querySelectorAll("[data-scroll-hint]");
  if (!hints.length) { return; }
  function check() {
    hints.forEach(function (hint) {
      const box = document.getElementById(hint.getAttribute("data-scroll-hint"));
      if (box) { hint.hidden = box.scrollWidth <= box.clientWidth + 1; }
    });
  }
  check();
  window.addEventListener("resize", check);
})();

// "Kopiera": there only with this script, it puts a journal note on the clipboard and says so.
// Without the script the note is selected text in a box, to copy by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    const box = document.getElementById(button.getAttribute("data-copy"));
    const done = document.getElementById(button.getAttribute("data-copy") + "-copied");
    if (!box || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(box.value).then(function () {
        if (done) { done.hidden = false; }
      }, function () {
        box.focus();
        box.select();
      });
    });
  });
})();

(function liveLix() {
  // While staff write to a patient, show the text's LIX (as app/readability.py counts it:
  // words are runs of letters, sentences end at . ! ? : or a line break) and a hint over the limit.
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
  document.querySelectorAll("[data-lix-for]").forEach(function (out) {
    const field = document.getElementById(out.dataset.lixFor);
    if (!field) return;
    const limit = Number(out.dataset.lixLimit);
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
  });
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
    // The page's own notice (with its picture, its Lyssna and the name of its button), if any.
    const own = document.getElementById("restored-notice");
    if (own) { form.before(own.content.cloneNode(true)); return; }
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

(function fileChoice() {
  // The photo control (components/forms.html, photo_field): the big button is the hidden
  // input's label, and this line says which photo was chosen, in the page's language.
  document.querySelectorAll(".file-choice").forEach(function (choice) {
    const input = choice.querySelector(".file-input");
    const line = choice.querySelector("[data-file-chosen]");
    if (!input || !line) return;
    const none = line.textContent;
    input.addEventListener("change", function () {
      const file = input.files && input.files[0];
      line.textContent = file ? line.dataset.chosenLabel + " " + file.name : none;
    });
  });
})();
