/* "Cite" controls: Copy buttons (the texts, the downloads and the control
   itself work without this script; the buttons appear only where it runs). */
(function () {
  "use strict";
  function textOf(button) {
    if (button.dataset.copy) return button.dataset.copy;
    var pre = button.closest(".ed-cite-format").querySelector("pre");
    return pre ? pre.textContent : "";
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  function init() {
    document.querySelectorAll(".ed-cite-this .ed-copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var status = button.closest(".ed-cite-panel").querySelector(".ed-copy-status");
        var name = button.closest(".ed-cite-format").querySelector(".ed-cite-name").textContent;
        copy(textOf(button)).then(function () {
          status.textContent = name + " copied to the clipboard.";
        }, function () {
          status.textContent = "Copying is not allowed here: open Show and select the text.";
        });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = document.activeElement && document.activeElement.closest(".ed-cite-this[open]");
      if (open) { open.open = false; open.querySelector("summary").focus(); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
