// talksafe's small script: everything works without it; it only smooths.
// htmx sends the CSRF token from the page's meta tag with every request.
document.addEventListener("htmx:configRequest", function (e) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
});
// Forms with data-confirm ask before they submit.
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
// htmx forms marked data-reset are cleared after a successful request.
document.addEventListener("htmx:afterRequest", function (e) {
  var form = e.detail.elt;
  if (e.detail.successful && form.matches && form.matches("form[data-reset]")) form.reset();
});
// Escape closes an open "..." menu (the pop-up closes itself); a click
// elsewhere closes it too.
document.addEventListener("keydown", function (e) {
  if (e.key !== "Escape") return;
  var d = document.getElementById("dialog");
  if (d && d.open) return;
  document.querySelectorAll("details.menu[open]").forEach(function (m) { m.open = false; m.querySelector("summary").focus(); });
});
document.addEventListener("click", function (e) {
  document.querySelectorAll("details.menu[open]").forEach(function (d) { if (!d.contains(e.target)) d.open = false; });
});
// A chat room opens at its newest message, and stays there as new ones
// arrive, unless the reader has scrolled up to read older ones.
function nearBottom() {
  return window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;
}
document.addEventListener("DOMContentLoaded", function () {
  // The send box is sticky, always "in view", so scroll the page itself.
  if (document.getElementById("messages") && !/[?&]before=/.test(location.search)) {
    var line = document.getElementById("new-messages");
    if (line) line.scrollIntoView({ block: "start" });
    else window.scrollTo(0, document.documentElement.scrollHeight);
  }
});
var stick = false;
document.addEventListener("htmx:beforeSwap", function () { stick = nearBottom(); });
document.addEventListener("htmx:afterSettle", function (e) {
  if (stick && document.getElementById("messages")) window.scrollTo(0, document.body.scrollHeight);
});
// The Report pop-up: htmx loads the page into the <dialog>, which then
// opens, named by its heading. Close, Cancel and Escape close it, and focus
// goes back to what opened it: the "..." of its menu, or the button itself.
var opener = null;
document.addEventListener("htmx:beforeRequest", function (e) {
  var t = e.detail.target;
  var d = document.getElementById("dialog");
  if (t && t.id === "dialog-body" && d && !d.open) opener = e.detail.elt;
});
document.addEventListener("htmx:afterSwap", function (e) {
  var body = e.detail.target;
  if (!body || body.id !== "dialog-body") return;
  var d = document.getElementById("dialog");
  var h = body.querySelector("h1");
  if (h) {
    if (!h.id) h.id = "dialog-title";
    d.setAttribute("aria-labelledby", h.id);
  }
  if (!d.open) d.showModal();
  var err = body.querySelector('[role="alert"], .error');
  if (err) { err.setAttribute("tabindex", "-1"); err.focus(); }
  d.scrollTop = 0;
});
document.addEventListener("click", function (e) {
  var close = e.target.closest && e.target.closest("#dialog [data-close-dialog]");
  if (close) { e.preventDefault(); document.getElementById("dialog").close(); }
});
document.addEventListener("DOMContentLoaded", function () {
  var d = document.getElementById("dialog");
  if (!d) return;
  d.addEventListener("close", function () {
    var o = opener;
    opener = null;
    if (!o || !document.contains(o)) return;
    var menu = o.closest("details.menu");
    var to = menu ? menu.querySelector("summary") : o;
    if (menu) menu.open = false;
    to.focus();
  });
});
// Moderation. The decision form shows only the parts the chosen decision
// uses (each names its decisions in data-kinds; without this script all
// show, and the server ignores the unused ones). After a refused submit,
// focus goes to the first error.
function showKinds(form) {
  var k = form.querySelector('input[name="kind"]:checked');
  form.querySelectorAll("[data-kinds]").forEach(function (el) {
    el.hidden = !k || el.getAttribute("data-kinds").split(" ").indexOf(k.value) < 0;
  });
}
// The penalty ladder's suggestion follows the policy chosen: its line is
// rewritten, and the scope and duration move with it unless the moderator
// changed them (without this script the page shows the suggestion for the
// policy it opened with, and the server checks the one chosen).
function followLadder(select) {
  var form = select.form, box = form.querySelector("[data-ladder]");
  if (!box) return;
  var all = JSON.parse(box.getAttribute("data-ladder"));
  var was = all[select.getAttribute("data-was")] || {}, now = all[select.value] || { text: "", scope: "", days: "" };
  var scope = form.querySelector('select[name="scope"]'), days = form.querySelector('select[name="days"]');
  if (scope && days && scope.value === (was.scope || "") && days.value === (was.days || "")) {
    scope.value = now.scope || "";
    days.value = now.days || "";
  }
  box.querySelector('[data-testid="ladder-suggestion"]').textContent = now.text;
  select.setAttribute("data-was", select.value);
}
document.addEventListener("change", function (e) {
  var t = e.target;
  if (t.name === "kind" && t.form) showKinds(t.form);
  if (t.name === "policy" && t.form) followLadder(t);
  if (t.matches && t.matches("[data-select-all]") && t.form) {
    t.form.querySelectorAll('input[name="cases"]').forEach(function (c) { c.checked = t.checked; });
  }
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form").forEach(function (f) {
    if (f.querySelector("[data-kinds]")) showKinds(f);
    var p = f.querySelector('select[name="policy"]');
    if (p && f.querySelector("[data-ladder]")) p.setAttribute("data-was", p.value);
  });
  document.querySelectorAll("[data-select-all]").forEach(function (c) { c.hidden = false; });
  var bad = document.querySelector("main .field-invalid");
  if (bad) {
    var field = bad.querySelector('[aria-invalid="true"], input, select, textarea');
    if (field) field.focus();
    bad.scrollIntoView({ block: "center" });
  }
});
// Moderation shortcuts, on the queue and the case page ([data-shortcuts]):
// one key each, listed under "?", never while one types in a field (Escape
// leaves the field). A key
// is read by its place on the keyboard too, so a Korean layout works.
function typingIn(t) {
  if (!t || !t.tagName) return false;
  if (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT") return true;
  return t.tagName === "INPUT" && !/^(radio|checkbox|button|submit|reset)$/i.test(t.type);
}
var currentCase = -1;
document.addEventListener("keydown", function (e) {
  var page = document.querySelector("[data-shortcuts]");
  if (!page || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  if (typingIn(e.target)) {
    if (e.key === "Escape") e.target.blur(); // leaves the field: the keys act again
    return;
  }
  var k = e.key;
  if (/^Key[A-Z]$/.test(e.code) && !/^[a-zA-Z]$/.test(k)) k = e.code.slice(3).toLowerCase();
  var act = null;
  if (k === "?") {
    act = function () {
      var d = document.getElementById("shortcuts");
      d.open = !d.open;
      if (d.open) d.querySelector("summary").focus();
    };
  } else if (page.getAttribute("data-shortcuts") === "queue") {
    var rows = Array.prototype.slice.call(document.querySelectorAll('[data-testid="case"]'));
    if ((k === "j" || k === "k") && rows.length) {
      act = function () {
        currentCase = Math.max(0, Math.min(rows.length - 1, currentCase + (k === "j" ? 1 : -1)));
        rows.forEach(function (r, i) { r.classList.toggle("current", i === currentCase); });
        rows[currentCase].querySelector("a").focus();
      };
    } else if (k === "Enter" && rows[currentCase] && e.target === document.body) {
      act = function () { location.href = rows[currentCase].querySelector("a").href; };
    }
  } else {
    var keyed = document.querySelector('[data-key="' + k + '"]');
    var form = document.querySelector('[data-testid="decide-form"]');
    if (k === "v") {
      act = function () {
        if (keyed) { keyed.click(); return; }
        document.querySelectorAll("#evidence details").forEach(function (d) { d.open = true; });
        document.getElementById("evidence").scrollIntoView();
      };
    } else if (/^[1-5]$/.test(k) && form) {
      var kind = form.querySelectorAll('input[name="kind"]')[Number(k) - 1];
      if (kind) act = function () { kind.click(); };
    } else if ((k === "s" || k === "n") && keyed && keyed.form) {
      act = function () { keyed.form.requestSubmit(keyed); };
    } else if (k === "q" && keyed) {
      act = function () { location.href = keyed.href; };
    }
  }
  if (act) { e.preventDefault(); act(); }
});
// In a room, Enter sends and Shift+Enter breaks the line, as KakaoTalk for
// PC does (never while a Korean syllable is still being composed); after
// sending, the box has the focus again.
document.addEventListener("keydown", function (e) {
  var box = e.target;
  if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
  if (!box.matches || !box.matches("#send textarea")) return;
  e.preventDefault();
  if (box.value.trim() !== "") box.form.requestSubmit();
});
var refocusSend = false;
document.addEventListener("htmx:beforeRequest", function (e) {
  if (e.detail.elt && e.detail.elt.id === "send") refocusSend = true;
});
document.addEventListener("htmx:afterSettle", function () {
  if (!refocusSend) return;
  refocusSend = false;
  var box = document.getElementById("f-body");
  if (box) box.focus();
});
// A saved reply's button inserts the reply at the cursor of the reply box,
// keeping what was typed around it; without JavaScript the button posts the
// form and the page comes back with the reply appended.
document.addEventListener("click", function (e) {
  var b = e.target.closest && e.target.closest("button[data-insert-reply]");
  if (!b) return;
  var form = b.form;
  var box = form && form.querySelector('textarea[name="reply"]');
  if (!box) return;
  e.preventDefault();
  var text = b.getAttribute("data-insert-reply");
  var start = box.selectionStart, end = box.selectionEnd;
  box.setRangeText(text, start, end, "end");
  box.focus();
  box.dispatchEvent(new Event("input", { bubbles: true }));
});
