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
