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

  // After a refused submit the page opens on the form's error summary (templates/forms/_errors.html):
  // focused, so a screen reader reads it and the keyboard starts there (WCAG 3.3.1, 2.4.3).
  // Its links move focus to the field, not only the scroll position.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    var land = function () {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    };
    land();
    // The browser's own scroll to the form's #fragment, after the page loads, takes the
    // focus back to the page: land again then, unless the resident has moved on.
    window.addEventListener("load", function () {
      if (document.activeElement === document.body) land();
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  }

  // The RSVP button says what it will do for the party size typed ("RSVP for 3 people", "Join
  // the waitlist"); the words for each size come from the page, in its language and plurals.
  document.querySelectorAll("button[data-labels]").forEach(function (button) {
    var source = document.getElementById(button.dataset.labels);
    var size = button.form && button.form.elements.namedItem("party_size");
    if (!source || !size) return;
    var labels = JSON.parse(source.textContent);
    size.addEventListener("input", function () {
      var label = labels[String(parseInt(size.value, 10))];
      if (label) button.textContent = label;
    });
  });

  // The RSVP action at the top of an event page goes to the form and puts the keyboard on its
  // first field (without JavaScript the link still scrolls there).
  document.querySelectorAll("a[data-focus-first]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var region = document.getElementById(link.dataset.focusFirst);
      var first = region && region.querySelector("input:not([type=hidden]), select, textarea");
      if (!first) return;
      event.preventDefault();
      first.focus();
      first.scrollIntoView({ block: "center" });
    });
  });

  // The event's times are its own zone's; say so when this device lives in another one.
  document.querySelectorAll("[data-event-zone][hidden]").forEach(function (note) {
    var here = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (here && here !== note.dataset.eventZone) note.hidden = false;
  });
})();
/* == home: the filters fold open on screens wide enough to show them beside the list == */
(function () {
  "use strict";
  // Closed on a phone (one button instead of a screenful of selects); open from 40rem, where
  // they fit. The server already opens it when a filter is set; without JS it is a plain
  // <details> that works by keyboard.
  var fold = document.querySelector("details.filters-fold");
  if (fold && window.matchMedia("(min-width: 40rem)").matches) fold.open = true;
})();
