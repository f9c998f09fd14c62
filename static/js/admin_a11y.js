/* Names for the admin's fields that Django and its widgets leave unnamed (WCAG 1.3.1, 4.1.2),
 * found by tests/a11y/: select2's boxes (autocomplete fields), the fields of a tabular inline
 * and of a change list's editable columns (named by their column's header there, not by a
 * label), and django-modeltranslation's language switch. Widgets that appear later (select2
 * builds its boxes when it starts, inlines add rows) are named as they come. */
(function () {
  "use strict";
  var script = document.currentScript;
  var words = script ? script.dataset : {};

  function text(el) {
    return el ? (el.textContent || "").replace(/\s+/g, " ").replace(/[:*]\s*$/, "").trim() : "";
  }

  function labelFor(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    return text(label);
  }

  function columnHeader(cell) {
    var row = cell.closest("tr");
    var table = cell.closest("table");
    if (!row || !table) return "";
    var index = Array.prototype.indexOf.call(row.children, cell);
    var head = table.querySelector("thead tr");
    return head && head.children[index] ? text(head.children[index]) : "";
  }

  function name(el, value) {
    if (value && !el.getAttribute("aria-label")) el.setAttribute("aria-label", value);
  }

  function nameAll() {
    // select2: the box and its search field take the label of the <select> they stand for.
    document.querySelectorAll("select.admin-autocomplete, select[data-autocomplete-light-url]").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) return;
      var label = labelFor(select.id) || columnHeader(select.closest("td") || select);
      box.querySelectorAll('[role="combobox"], .select2-search__field, [role="textbox"]').forEach(function (el) {
        name(el, label);
      });
      // select2 puts its "clear" button straight into its list: not a list then.
      box.querySelectorAll("ul.select2-selection__rendered").forEach(function (ul) {
        if (ul.querySelector(":scope > :not(li)")) ul.setAttribute("role", "presentation");
      });
    });
    // Inline rows and editable change-list columns: the column's header names the field.
    document.querySelectorAll("td input:not([type=hidden]), td select, td textarea").forEach(function (field) {
      if (field.labels && field.labels.length) return;
      if (field.getAttribute("aria-label") || field.getAttribute("aria-labelledby")) return;
      var cell = field.closest("td");
      var label = columnHeader(cell);
      if (!label) return;
      var row = cell.closest("tr");
      var first = row.querySelector("th, td.original p, td.field-__str__");
      var who = text(first);
      name(field, who && who !== label ? label + ": " + who : label);
    });
    // The split date/time widget: "Date:" and "Time:" are plain words before its two
    // fields; each field is named by the row's label (or legend) and its word.
    document.querySelectorAll("p.datetime input:not([type=hidden])").forEach(function (field) {
      if ((field.labels && field.labels.length) || field.getAttribute("aria-label")) return;
      var before = field.previousSibling;
      while (before && !(before.nodeType === Node.TEXT_NODE && before.textContent.trim())) {
        before = before.previousSibling;
      }
      var row = field.closest(".form-row, fieldset");
      var legend = row && row.querySelector("legend, label");
      var words = [text(legend), before ? before.textContent.replace(/[:\s]+$/, "").trim() : ""];
      name(field, words.filter(Boolean).join(": "));
    });
    var main = document.getElementById("modeltranslation-main-switch");
    if (main) name(main, words.languageLabel);
    // An inline too wide for a phone scrolls sideways: with nothing in it to focus, the
    // keyboard could not scroll it (2.1.1). It becomes a named stop of its own.
    document.querySelectorAll(".inline-group").forEach(function (group) {
      var scrolls = group.scrollWidth > group.clientWidth;
      var focusable = group.querySelector("a[href], button, input:not([type=hidden]), select, textarea");
      if (scrolls && !focusable && !group.hasAttribute("tabindex")) {
        group.setAttribute("tabindex", "0");
        group.setAttribute("role", "region");
        name(group, text(group.querySelector("h2")));
      }
    });
  }

  function start() {
    nameAll();
    new MutationObserver(function () {
      nameAll();
    }).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", nameAll);
  }

  // After the admin's own start-up (select2 is started on DOMContentLoaded).
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
