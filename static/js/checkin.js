/* Porchlight officer pages: check-in without reloading, and search as you type.
   Progressive enhancement: every form here also works as a plain POST/GET without this. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function announce(message) {
    var status = document.getElementById("roster-status");
    if (status) status.textContent = message;
  }

  function setCounts(counts) {
    Object.keys(counts).forEach(function (key) {
      document.querySelectorAll('[data-count="' + key + '"]').forEach(function (el) {
        el.textContent = counts[key];
      });
    });
  }

  // The page's own words, in its language (data-text-* on the attendance article), with
  // {name} and {time} filled in here; English if the page has none.
  var words = (document.querySelector(".attendance") || document.documentElement).dataset;

  function say(key, fallback, values) {
    var text = words[key] || fallback;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  function showState(form, data) {
    var row = form.closest(".roster-row");
    var name = form.getAttribute("data-name");
    var action = form.querySelector('input[name="action"]');
    var button = form.querySelector("button");
    var state = row.querySelector("[data-state]");
    row.classList.toggle("is-in", data.checked_in);
    if (data.checked_in) {
      row.classList.remove("is-noshow");
      action.value = "undo";
      button.textContent = say("textUndo", "Undo");
      button.classList.add("undo");
      // The visible word first, then the name (attendance.html says why).
      button.setAttribute("aria-label", button.textContent + ": " + name);
      state.textContent = say("textArrived", "Arrived {time}", { time: data.checked_in_at });
      announce(say("textCheckedIn", "{name} checked in.", { name: name }));
    } else {
      action.value = "in";
      button.textContent = say("textCheckin", "Check in");
      button.classList.remove("undo");
      button.setAttribute("aria-label", button.textContent + ": " + name);
      state.textContent = "";
      announce(say("textUndone", "Check-in of {name} undone.", { name: name }));
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-checkin") || !window.fetch) return;
    event.preventDefault();
    var button = form.querySelector("button");
    // Busy, not disabled: a disabled button loses the focus, and a keyboard user would be
    // sent back to the top of the page after each check-in (WCAG 2.4.3).
    if (form.dataset.busy) return;
    form.dataset.busy = "1";
    button.setAttribute("aria-disabled", "true");
    // getAttribute: form.action would be the hidden input named "action".
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) throw new Error("not json");
        return response.json().then(function (data) {
          if (!response.ok) {
            var failed = data.error || say("textFailed", "That did not work. Please try again.");
            announce(failed);
            window.alert(failed);
            return;
          }
          showState(form, data);
          setCounts(data.counts);
        });
      })
      .catch(function () {
        // Signed out, offline page or a server error page: let the browser post the form.
        HTMLFormElement.prototype.submit.call(form);
      })
      .finally(function () {
        delete form.dataset.busy;
        button.removeAttribute("aria-disabled");
        // The same button, now "Undo" (or "Check in"), keeps the focus for the next key.
        if (document.activeElement === document.body || document.activeElement === button) {
          button.focus();
        }
      });
  });

  var search = document.getElementById("roster-q");
  if (search) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".roster-row[data-name]"));
    var noMatch = document.querySelector(".no-match");
    var filter = function () {
      var query = fold(search.value);
      var shown = 0;
      rows.forEach(function (row) {
        var match = !query || row.getAttribute("data-name").indexOf(query) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (noMatch) noMatch.hidden = shown !== 0 || !query;
    };
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
      search.blur();
    });
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
