// Fulcrum UI helpers (no build step; loaded as a file so the CSP needs no inline script).
// After htmx swaps in a message or a refreshed case, move keyboard focus to what changed.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  if (!target) { return; }
  var message = target.querySelector ? target.querySelector(".message") : null;
  if (target.id === "messages" || message) {
    var focus = target.id === "messages" ? target : message;
    focus.setAttribute("tabindex", "-1");
    focus.focus();
  }
});
