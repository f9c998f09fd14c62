/* Porchlight public pages: small conveniences on top of pages that work without JavaScript.
   A file, not inline: the Content-Security-Policy runs no inline script (config/settings.py). */
(function () {
  "use strict";

  // A calendar link field selects itself on a tap, ready to paste into a calendar app.
  document.querySelectorAll("input.feed-url").forEach(function (input) {
    input.addEventListener("click", function () {
      input.select();
    });
  });

  // "Copy link" appears only where the browser can copy (secure contexts). Its words come
  // from the page (data-copied), in the page's language.
  document.querySelectorAll(".copy-button[hidden]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied || "Copied";
      });
    });
  });
})();
