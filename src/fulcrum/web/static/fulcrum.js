// Fulcrum UI helpers (no build step; loaded as a file so the CSP needs no inline script).

// An error that did not come from a page (a proxy, a size limit, a crash) is shown as a
// message, never swapped into the page in place of the content.
document.addEventListener("htmx:beforeSwap", function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status < 400 || xhr.getResponseHeader("HX-Retarget")) { return; }
  var type = xhr.getResponseHeader("Content-Type") || "";
  if (type.indexOf("text/html") === 0) { return; }
  event.detail.shouldSwap = false;
  var box = document.getElementById("messages");
  if (!box) { return; }
  var div = document.createElement("div");
  div.className = "message error";
  div.setAttribute("role", "alert");
  var lang = document.documentElement.lang || "en";
  var text = xhr.status === 413
    ? (lang === "zh-CN" ? "文件过大。" : "The file is too large.")
    : (lang === "zh-CN" ? "请求失败（" + xhr.status + "）。" : "The request failed (" + xhr.status + ").");
  div.textContent = text;
  box.replaceChildren(div);
  div.setAttribute("tabindex", "-1");
  div.focus();
});

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
