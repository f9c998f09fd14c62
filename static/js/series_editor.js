/* The series editor (templates/admin/scheduler/eventseries/_repeats.html): shows only the
 * choices that apply (all of them show without JavaScript), keeps the RRULE field in step
 * with the choices, and previews the next dates as the coordinator changes them, from the
 * admin's JSON preview (computed by the same Python as the "Preview dates" button). */
(function () {
  "use strict";
  var editor = document.querySelector("[data-series-editor]");
  if (!editor) return;
  var form = editor.closest("form");
  var box = editor.querySelector("[data-series-preview]");
  var rrule = form.querySelector("[name=rrule]");
  var NAMES = ["start_date", "start_time", "end_time", "timezone", "repeat_mode", "freq",
    "interval", "weekdays", "monthly_by", "month_day", "position", "position_weekday", "ends",
    "until", "count", "skip_dates", "rrule"];
  var timer = null;
  var asked = 0;

  function value(name) {
    var checked = form.querySelector("[name=" + name + "]:checked");
    if (checked) return checked.value;
    var field = form.querySelector("[name=" + name + "]:not([type=radio]):not([type=checkbox])");
    return field ? field.value : "";
  }

  function show() {
    var expert = value("repeat_mode") === "expert";
    editor.querySelector("[data-part=editor]").hidden = expert;
    if (rrule) rrule.readOnly = !expert;
    editor.querySelectorAll("[data-show]").forEach(function (part) {
      var rule = part.dataset.show.split("=");
      part.hidden = value(rule[0]) !== rule[1];
    });
  }

  function draw(answer) {
    box.textContent = "";
    var errors = [];
    Object.keys(answer.errors || {}).forEach(function (name) {
      errors = errors.concat(answer.errors[name]);
    });
    if (errors.length) {
      var list = document.createElement("ul");
      list.className = "errorlist";
      errors.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      box.appendChild(list);
      return;
    }
    var summary = document.createElement("p");
    summary.className = "series-preview-summary";
    summary.textContent = answer.summary;
    box.appendChild(summary);
    if (answer.dates.length) {
      var dates = document.createElement("ol");
      dates.className = "series-preview-dates";
      answer.dates.forEach(function (row) {
        var item = document.createElement("li");
        if (row.skipped) item.className = "skipped";
        var when = document.createElement("span");
        when.className = "series-preview-when";
        when.textContent = row.text;
        item.appendChild(when);
        if (row.skipped) {
          var skipped = document.createElement("strong");
          skipped.textContent = "(" + row.skipped_text + ")";
          item.appendChild(document.createTextNode(" "));
          item.appendChild(skipped);
        }
        if (row.note) {
          var note = document.createElement("em");
          note.className = "series-preview-note";
          note.textContent = row.note;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(note);
        }
        dates.appendChild(item);
      });
      box.appendChild(dates);
    }
    if (rrule && value("repeat_mode") !== "expert") rrule.value = answer.rule;
  }

  function ask() {
    var query = new URLSearchParams();
    var data = new FormData(form);
    NAMES.forEach(function (name) {
      data.getAll(name).forEach(function (item) { query.append(name, item); });
    });
    if (editor.dataset.series) query.append("series", editor.dataset.series);
    var mine = ++asked;
    fetch(editor.dataset.previewUrl + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (answer) {
      if (mine === asked) draw(answer);  // an older answer that comes late is dropped
    }).catch(function () { /* the "Preview dates" button still works */ });
  }

  function changed() {
    show();
    clearTimeout(timer);
    timer = setTimeout(ask, 300);
  }

  editor.addEventListener("input", changed);
  editor.addEventListener("change", changed);
  show();
})();
