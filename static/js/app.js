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
// Escape closes an open "..." menu; a click elsewhere closes it too.
document.addEventListener("keydown", function (e) {
  if (e.key !== "Escape") return;
  document.querySelectorAll("details.menu[open]").forEach(function (d) { d.open = false; d.querySelector("summary").focus(); });
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
  var send = document.getElementById("send");
  if (send && document.getElementById("messages") && !/[?&]before=/.test(location.search)) {
    send.scrollIntoView({ block: "end" });
  }
});
var stick = false;
document.addEventListener("htmx:beforeSwap", function () { stick = nearBottom(); });
document.addEventListener("htmx:afterSettle", function (e) {
  if (stick && document.getElementById("messages")) window.scrollTo(0, document.body.scrollHeight);
});
// The Report pop-up: htmx loads the form into the page's <dialog>, which
// then opens; Cancel and Escape close it.
document.addEventListener("htmx:afterSwap", function (e) {
  var d = e.detail.target;
  if (d && d.id === "dialog" && !d.open) d.showModal();
});
document.addEventListener("click", function (e) {
  var close = e.target.closest && e.target.closest("#dialog [data-close-dialog]");
  if (close) { e.preventDefault(); document.getElementById("dialog").close(); }
});
