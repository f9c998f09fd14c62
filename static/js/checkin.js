/* Porchlight door list: check-in that survives bad Wi-Fi, on several phones at once.

   Progressive enhancement: every form on the attendance page also works as a plain POST.
   With this script, a tap is an action queued on the phone (door_store.js) with an id the
   phone makes, shown at once, and sent to the server (rsvp/officers/door.py), which
   applies each id once: a queue sent twice after a lost answer counts once. Offline, the
   queue waits and the page says so; it is sent when the network comes back.

   Other phones' check-ins arrive by polling the door list every few seconds with its ETag
   (an unchanged list is a 304 of a few bytes). An undo names the check-in it saw, and the
   server keeps a newer check-in by someone else (arrival wins).

   The words come from the officer's catalog (door/words.js, rsvp/officers/door_words.py),
   with the language's plurals, so that an offline page words its sentences too. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var i18n = window.django || {};
  function gettext(text) {
    return i18n.gettext ? i18n.gettext(text) : text;
  }
  function ngettext(one, many, n) {
    return i18n.ngettext ? i18n.ngettext(one, many, n) : n === 1 ? one : many;
  }
  function pgettext(context, text) {
    return i18n.pgettext ? i18n.pgettext(context, text) : text;
  }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }
  function word(text, values) {
    return fill(gettext(text), values);
  }
  function words(one, many, n, values) {
    return fill(ngettext(one, many, n), values);
  }

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function announce(message) {
    var status = document.getElementById("roster-status");
    if (status) status.textContent = message;
  }

  var Door = window.PorchlightDoor;

  // --- Signing out forgets everything this phone kept (the server also sends
  // Clear-Site-Data, which needs a secure context; this works everywhere).
  document.querySelectorAll("form.logout").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.forgotten || !Door) return;
      event.preventDefault();
      var waiting = document.getElementById("door-sync");
      var count = waiting ? Number(waiting.getAttribute("data-waiting") || 0) : 0;
      if (count && !window.confirm(words(
        "%(count)s change is not sent yet and will be lost. Sign out anyway?",
        "%(count)s changes are not sent yet and will be lost. Sign out anyway?", count, { count: count }))) {
        return;
      }
      var forget = [Door.forgetAll()];
      if (window.caches) {
        forget.push(caches.keys().then(function (names) {
          return Promise.all(names.map(function (name) {
            return caches.delete(name);
          }));
        }));
      }
      if (navigator.serviceWorker) {
        forget.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
          return Promise.all(registrations.map(function (r) {
            return r.unregister();
          }));
        }));
      }
      Promise.all(forget).catch(function () {}).then(function () {
        form.dataset.forgotten = "1";
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // --- The service worker keeps the page's files and an empty door page for offline use.
  if (navigator.serviceWorker && (document.querySelector(".attendance") || document.querySelector("[data-door-list]"))) {
    navigator.serviceWorker.register("/officers/sw.js", { scope: "/officers/" }).catch(function () {});
  }

  // --- The officer home keeps today's lists on the phone, ready for a door with no signal.
  if (Door) {
    Door.forgetClosed(Date.now()).catch(function () {});
    document.querySelectorAll("[data-door-list]").forEach(function (link) {
      var event = Number(link.getAttribute("data-door-event"));
      fetch(link.getAttribute("data-door-list"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error("no list");
          return response.json();
        })
        .then(function (body) {
          return Door.putList({ event: event, list: body.list, etag: body.etag, synced_at: Date.now() });
        })
        .catch(function () {});
    });
  }

  var page = document.querySelector(".attendance");
  if (!page) return;

  // --- Search as you type (the form also posts without JavaScript).
  var search = document.getElementById("roster-q");
  var noMatch = document.querySelector(".no-match");
  function filter() {
    if (!search) return;
    var query = fold(search.value);
    var shown = 0;
    document.querySelectorAll(".roster-row[data-name]").forEach(function (row) {
      var match = !query || row.getAttribute("data-name").indexOf(query) !== -1;
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (noMatch) noMatch.hidden = shown !== 0 || !query;
  }
  if (search) {
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
      search.blur();
    });
  }

  // --- The walk-in count's − and + buttons (hidden without this script).
  document.querySelectorAll("[data-step]").forEach(function (button) {
    var input = button.form && button.form.querySelector('input[name="head_count"]');
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var value = parseInt(input.value, 10) || 0;
      input.value = Math.min(500, Math.max(1, value + Number(button.getAttribute("data-step"))));
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });

  if (!Door || !window.fetch || !window.Promise) return;

  var shell = page.hasAttribute("data-shell");
  var lists = {
    waiting: document.getElementById("roster-waiting") || document.getElementById("roster"),
    arrived: document.getElementById("roster-arrived"),
  };
  var eventId = Number(page.getAttribute("data-event")) ||
    Number((location.pathname.match(/\/events\/(\d+)\//) || [])[1]);
  if (!eventId) return;
  var base = "/officers/events/" + eventId + "/";
  // The shell is one page for every event: its scanner posts to this one's.
  var scanner = document.querySelector("[data-scan]");
  if (scanner && !scanner.getAttribute("data-scan-url")) scanner.setAttribute("data-scan-url", base + "door/scan/");
  var state = {
    list: null, // the server's list, as last received
    stored: null, // the phone's copy, for when the server does not answer
    etag: "",
    syncedAt: 0,
    queue: [],
    online: true,
    signedOut: false,
    busy: false,
    again: false,
    timer: null,
    failures: 0,
  };

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function clockOf(ms) {
    var options = { hour: "numeric", minute: "2-digit" };
    var list = state.list || state.stored;
    if (list && list.tz) options.timeZone = list.tz;
    try {
      return new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined, options);
    } catch (e) {
      return new Date(ms).toLocaleTimeString();
    }
  }

  // --- The list as this phone shows it: the server's, with what is waiting laid over it.
  function view() {
    var list = state.list || state.stored;
    var rows = {};
    var order = [];
    var walkins = [];
    if (list) {
      list.rows.forEach(function (r) {
        rows[r.id] = {
          id: r.id, name: r.name, code: r.code, party: r.party, status: r.status,
          arrived: r.arrived || null, at: r.at || "", key: r.key || "", qr: r.qr || "", pending: false,
        };
        order.push(r.id);
      });
      list.walkins.forEach(function (w) {
        walkins.push({ id: w.id, people: w.people, name: w.name, pending: false });
      });
    }
    state.queue.forEach(function (a) {
      var r = rows[a.rsvp];
      if (a.kind === "checkin" && r && r.status === "confirmed") {
        if (!r.arrived) {
          r.arrived = a.arrived || r.party;
          r.key = a.id;
          r.at = clockOf(a.at);
        } else if (a.arrived) {
          r.arrived = a.arrived;
        }
        r.pending = true;
      } else if (a.kind === "undo" && r) {
        if (!a.seen || a.seen === r.key) {
          r.arrived = null;
          r.key = "";
          r.at = "";
        }
        r.pending = true;
      } else if (a.kind === "walkin") {
        walkins.push({ action: a.id, people: a.head_count, name: a.name || "", pending: true });
      } else if (a.kind === "walkin_del") {
        walkins = walkins.filter(function (w) {
          return !(w.action && w.action === a.walkin_action) && !(w.id && w.id === a.walkin);
        });
      }
    });
    return { list: list, rows: rows, order: order, walkins: walkins };
  }

  function whoOf(r) {
    return r.name || word("Head count %(code)s", { code: r.code });
  }

  function stateText(r) {
    if (!r.arrived) return "";
    var text = word("Arrived %(time)s", { time: r.at });
    if (r.party > 1) {
      text += " · " + words("%(arrived)s of %(size)s arrived", "%(arrived)s of %(size)s arrived", r.arrived,
        { arrived: r.arrived, size: r.party });
    }
    if (r.pending) text += " · " + gettext("Waiting to be sent");
    return text;
  }

  function buildRow(r) {
    var template = document.getElementById("door-row");
    if (!template) return null;
    var li = template.content.firstElementChild.cloneNode(true);
    li.id = "rsvp-" + r.id;
    li.setAttribute("data-rsvp", r.id);
    li.setAttribute("data-party", r.party);
    li.setAttribute("data-name", fold(r.name || r.code));
    li.querySelector(".name").textContent = whoOf(r);
    var party = li.querySelector(".party");
    if (party) party.textContent = r.party > 1 ? words("party of %(count)s", "party of %(count)s", r.party, { count: r.party }) : "";
    li.querySelectorAll("form").forEach(function (form) {
      form.setAttribute("action", base + "attendance/" + r.id + "/checkin/");
      var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
      if (token) token.value = csrf();
    });
    var select = li.querySelector('select[name="arrived"]');
    if (select) {
      if (r.party > 1) {
        for (var n = r.party; n >= 1; n -= 1) {
          var option = document.createElement("option");
          option.value = option.textContent = String(n);
          select.appendChild(option);
        }
        var id = "arrived-" + r.id;
        select.id = id;
        var label = li.querySelector("label[data-arrived-label]");
        if (label) label.setAttribute("for", id);
      } else {
        select.closest("[data-arrived]").remove();
      }
    }
    li.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-label", button.textContent.trim() + ": " + whoOf(r));
    });
    li.querySelectorAll("[data-checkin]").forEach(function (form) {
      form.setAttribute("data-name", whoOf(r));
    });
    return li;
  }

  function placeRow(li, list) {
    var key = li.getAttribute("data-name") || "";
    var rows = Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("roster-row") && el !== li;
    });
    var before = null;
    for (var i = 0; i < rows.length; i += 1) {
      if ((rows[i].getAttribute("data-name") || "") > key) {
        before = rows[i];
        break;
      }
    }
    list.insertBefore(li, before);
    var empty = list.querySelector(".empty");
    if (empty) empty.hidden = true;
  }

  function renderRow(r) {
    var li = document.getElementById("rsvp-" + r.id);
    var waiting = document.getElementById("roster-waitlist");
    if (r.status !== "confirmed") {
      if (li && li.closest("#roster-waiting, #roster-arrived")) li.remove();
      if (!li && shell && waiting) {
        li = buildRow(r);
        if (li) {
          li.querySelectorAll("form").forEach(function (form) {
            form.remove();
          });
          waiting.appendChild(li);
        }
      }
      return;
    }
    if (!li) {
      li = buildRow(r);
      if (!li) return;
    }
    var arrived = !!r.arrived;
    // The row's control keeps the keyboard's focus through the change (WCAG 2.4.3): a
    // button hidden by it hands the focus to the row's button that took its place.
    var hadFocus = li.contains(document.activeElement) ? document.activeElement : null;
    li.classList.toggle("is-in", arrived);
    li.classList.toggle("is-pending", r.pending);
    li.classList.remove("is-noshow");
    li.setAttribute("data-key", r.key || "");
    var stateSpan = li.querySelector("[data-state]");
    if (stateSpan) stateSpan.textContent = stateText(r);
    li.querySelectorAll("form[data-checkin]").forEach(function (form) {
      var action = form.querySelector('input[name="action"]');
      if (!action) return;
      if (action.value === "undo") {
        form.hidden = !arrived;
      } else {
        // A party not all here keeps its check-in form: the rest may come later.
        form.hidden = arrived && !(r.arrived < r.party);
      }
    });
    var mark = li.querySelector(".in-mark");
    if (mark) mark.hidden = !arrived;
    var target = arrived ? lists.arrived : lists.waiting;
    if (target && li.parentNode !== target) placeRow(li, target);
    if (hadFocus && (hadFocus.closest("[hidden]") || document.activeElement !== hadFocus)) {
      var next = hadFocus.closest("[hidden]")
        ? li.querySelector("form[data-checkin]:not([hidden]) button")
        : hadFocus;
      if (next) next.focus();
    }
  }

  function countsOf(v) {
    var counts = { confirmed: 0, confirmed_parties: 0, checked_in: 0, checked_in_parties: 0, waitlist: 0, walkins: 0 };
    v.order.forEach(function (id) {
      var r = v.rows[id];
      if (r.status === "confirmed") {
        counts.confirmed += r.party;
        counts.confirmed_parties += 1;
        if (r.arrived) {
          counts.checked_in += r.arrived;
          counts.checked_in_parties += 1;
        }
      } else {
        counts.waitlist += 1;
      }
    });
    v.walkins.forEach(function (w) {
      counts.walkins += w.people;
    });
    return counts;
  }

  // The headings' counts, in the same words as the server's (the catalog has them).
  function renderHeadings(counts) {
    var waiting = counts.confirmed_parties - counts.checked_in_parties;
    var headings = {
      waiting: words('Not arrived yet <span class="meta">(%(parties)s party)</span>',
        'Not arrived yet <span class="meta">(%(parties)s parties)</span>', waiting, { parties: waiting }),
      arrived: words('Arrived <span class="meta">(%(parties)s party)</span>',
        'Arrived <span class="meta">(%(parties)s parties)</span>', counts.checked_in_parties,
        { parties: counts.checked_in_parties }),
      walkins: words('Walk-ins <span class="meta">(<span data-count="walkins">%(walkins)s</span> person)</span>',
        'Walk-ins <span class="meta">(<span data-count="walkins">%(walkins)s</span> people)</span>',
        counts.walkins, { walkins: counts.walkins }),
    };
    document.querySelectorAll("[data-heading]").forEach(function (h) {
      var html = headings[h.getAttribute("data-heading")];
      // Our own catalog's words (no resident's text), so their markup may be set as is.
      if (html && h.innerHTML !== html) h.innerHTML = html;
    });
  }

  var walkinsShown = null;
  function renderWalkins(walkins) {
    var signature = JSON.stringify(walkins);
    // Rebuilt only when it changed: a poll must not take the focus off a Remove button.
    if (signature === walkinsShown) return;
    walkinsShown = signature;
    var section = document.getElementById("walkins");
    if (!section) return;
    var list = section.querySelector(".walkin-list");
    if (!list) {
      list = document.createElement("ul");
      list.className = "walkin-list";
      section.appendChild(list);
    }
    list.textContent = "";
    walkins.forEach(function (w) {
      var li = document.createElement("li");
      var text = document.createElement("span");
      var who = w.name || gettext("Walk-in");
      text.textContent = who + " · " + words("%(count)s person", "%(count)s people", w.people, { count: w.people }) +
        (w.pending ? " · " + gettext("Waiting to be sent") : "");
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "danger small";
      remove.textContent = gettext("Remove");
      remove.setAttribute("aria-label", gettext("Remove") + ": " + text.textContent);
      remove.addEventListener("click", function () {
        walkinTakeBack(w);
      });
      li.appendChild(text);
      li.appendChild(remove);
      list.appendChild(li);
    });
  }

  function renderSync() {
    var box = document.getElementById("door-sync");
    if (!box) return;
    var waiting = state.queue.length;
    var status;
    box.classList.toggle("is-offline", !state.online || state.signedOut);
    box.setAttribute("data-waiting", String(waiting));
    if (state.signedOut) {
      status = gettext("You are signed out. Sign in again to send what is waiting.");
    } else if (!state.online) {
      status = waiting
        ? words("Offline: %(count)s change waiting to be sent.", "Offline: %(count)s changes waiting to be sent.", waiting, { count: waiting })
        : gettext("Offline: this list is the copy kept on this phone.");
    } else if (waiting) {
      status = words("Sending %(count)s change…", "Sending %(count)s changes…", waiting, { count: waiting });
    } else {
      status = gettext("Online. Everything is sent.");
    }
    var live = box.querySelector("[data-sync-state]");
    var when = box.querySelector("[data-sync-time]");
    if (!live) {
      // The state is a live region, written only when it changes; the time beside it is
      // not, so a screen reader is not told "last synced" every few seconds.
      live = document.createElement("span");
      live.setAttribute("data-sync-state", "");
      live.setAttribute("role", "status");
      when = document.createElement("span");
      when.setAttribute("data-sync-time", "");
      box.appendChild(live);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(when);
    }
    if (live.textContent !== status) live.textContent = status;
    var time = state.syncedAt ? word("Last synced at %(time)s.", { time: clockOf(state.syncedAt) }) : gettext("Not synced yet on this phone.");
    if (when.textContent !== time) when.textContent = time;
    var link = box.querySelector("a");
    if (state.signedOut && !link) {
      link = document.createElement("a");
      link.href = "/accounts/login/?next=" + encodeURIComponent(location.pathname);
      link.textContent = gettext("Sign in again");
      box.appendChild(document.createTextNode(" "));
      box.appendChild(link);
    } else if (!state.signedOut && link) {
      link.remove();
    }
  }

  function renderShellHead(list) {
    if (!shell) return;
    var note = document.querySelector("[data-offline-note]");
    if (!list) {
      if (note) note.textContent = gettext("This phone has no copy of this list. Open it once while online.");
      return;
    }
    [["[data-list-title]", list.title], ["[data-list-program]", list.program], ["[data-list-when]", list.when + " · " + list.venue]].forEach(function (pair) {
      var el = document.querySelector(pair[0]);
      if (el) el.textContent = pair[1];
    });
    document.title = list.title + " · Porchlight";
  }

  function render() {
    var v = view();
    if (v.list) {
      v.order.forEach(function (id) {
        renderRow(v.rows[id]);
      });
      // A party that cancelled since the page was made leaves the list.
      document.querySelectorAll("#roster-waiting > .roster-row, #roster-arrived > .roster-row").forEach(function (li) {
        var id = Number(li.getAttribute("data-rsvp") || li.id.replace("rsvp-", ""));
        if (!v.rows[id] || v.rows[id].status !== "confirmed") li.remove();
      });
      var counts = countsOf(v);
      Object.keys(counts).forEach(function (key) {
        document.querySelectorAll('[data-count="' + key + '"]').forEach(function (el) {
          el.textContent = counts[key];
        });
      });
      renderHeadings(counts);
      renderWalkins(v.walkins);
      renderShellHead(v.list);
      filter();
    } else {
      renderShellHead(null);
    }
    renderSync();
  }

  // --- Messages the officer must see: a refused check-in, a conflict.
  function tell(text) {
    var box = document.getElementById("door-messages");
    if (!box) {
      box = document.createElement("ul");
      box.id = "door-messages";
      box.className = "messages";
      box.setAttribute("role", "alert");
      page.insertBefore(box, page.firstChild);
    }
    // One message at a time: the same refusal each poll is not a growing list.
    if (box.textContent === text) return;
    box.textContent = "";
    var li = document.createElement("li");
    li.className = "error";
    li.textContent = text;
    box.appendChild(li);
  }

  // --- The queue.
  var seq = 0;
  function enqueue(action) {
    action.id = Door.newId();
    action.event = eventId;
    action.at = Date.now();
    action.seq = action.at * 1000 + (seq += 1);
    state.queue.push(action);
    Door.enqueue(action).catch(function () {});
    render();
    sync();
    return action;
  }

  function sent(action) {
    var copy = {};
    Object.keys(action).forEach(function (key) {
      if (key !== "event" && key !== "seq" && key !== "label" && key !== "sent") copy[key] = action[key];
    });
    return copy;
  }

  function within(ms, promise) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () {
        reject(new Error("timeout"));
      }, ms);
      promise.then(function (value) {
        clearTimeout(timer);
        resolve(value);
      }, function (error) {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  function schedule() {
    clearTimeout(state.timer);
    // A page in the background does not poll (its battery, the server); it asks again as
    // soon as it is seen (visibilitychange), and sends what waits when the network returns.
    if (document.hidden && !state.queue.length) return;
    // Every 5 seconds while the page is seen: other phones' check-ins within ~5 s.
    // A server that refuses (the officer taken off the event) is asked less and less often.
    state.timer = setTimeout(sync, Math.min(60000, 5000 * Math.pow(2, state.failures)));
  }

  function received(body, actions) {
    if (body.results) {
      var labels = {};
      actions.forEach(function (a) {
        labels[a.id] = a.label || "";
      });
      body.results.forEach(function (result) {
        if (result.outcome === "refused" || result.outcome === "conflict") {
          var reason = result.message || gettext("That did not work. Please try again.");
          tell(labels[result.id] ? word("%(name)s: %(reason)s", { name: labels[result.id], reason: reason }) : reason);
        }
      });
      var done = actions.map(function (a) {
        return a.id;
      });
      state.queue = state.queue.filter(function (a) {
        return done.indexOf(a.id) === -1;
      });
      Door.dequeue(done).catch(function () {});
    }
    state.list = body.list;
    state.etag = body.etag;
    state.syncedAt = Date.now();
    // A list whose door has closed is not kept (door_store.js forgets those anyway).
    if (Date.parse(body.list.forget_after) > Date.now()) {
      Door.putList({ event: eventId, list: body.list, etag: body.etag, synced_at: state.syncedAt }).catch(function () {});
    }
  }

  function sync() {
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    var actions = state.queue.slice(0, 200);
    actions.forEach(function (a) {
      // Posted once: the server may have it even if its answer is lost.
      a.sent = true;
    });
    var request = actions.length
      ? fetch(base + "door/sync/", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify({ actions: actions.map(sent) }),
        })
      : fetch(base + "door/list.json", {
          credentials: "same-origin",
          cache: "no-store",
          headers: state.etag && state.list ? { "If-None-Match": state.etag } : {},
        });
    within(15000, request)
      .then(function (response) {
        state.online = true;
        if (response.status === 304) {
          state.syncedAt = Date.now();
          state.signedOut = false;
          return;
        }
        if (response.status === 401) {
          state.signedOut = true;
          return;
        }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) throw new Error("not the door list");
        return response.json().then(function (body) {
          if (!response.ok) {
            tell(body.error || gettext("That did not work. Please try again."));
            state.failures += 1;
            return;
          }
          state.failures = 0;
          state.signedOut = false;
          received(body, actions);
        });
      })
      .catch(function () {
        state.online = false;
        // No answer yet since the page opened: the phone's copy, until the server answers.
        if (!state.list && state.stored) state.list = state.stored;
      })
      .then(function () {
        state.busy = false;
        render();
        if (state.again) {
          state.again = false;
          sync();
        } else {
          schedule();
        }
      });
  }

  window.addEventListener("online", sync);
  window.addEventListener("offline", function () {
    state.online = false;
    renderSync();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) sync();
  });

  // --- Taps.
  var DOUBLE_TAP_MS = 1500;
  // Any second tap this soon after a tap on the list is taken as part of the first: the
  // row just tapped moves to "Arrived", and the next party slides under the finger.
  var PAGE_TAP_MS = 700;
  var lastTap = 0;
  function tooSoon() {
    var now = Date.now();
    if (now - lastTap < PAGE_TAP_MS) return true;
    lastTap = now;
    return false;
  }

  function rowOf(form) {
    var li = form.closest(".roster-row");
    return li && { li: li, id: Number(li.getAttribute("data-rsvp") || li.id.replace("rsvp-", "")) };
  }

  var toastTimer = null;
  function toast(text, undo) {
    var box = document.getElementById("door-toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "door-toast";
      box.className = "door-toast";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var message = document.createElement("span");
    message.textContent = text;
    box.appendChild(message);
    if (undo) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "door-toast-undo";
      button.textContent = pgettext("undo a check-in", "Undo");
      var shownAt = Date.now();
      button.addEventListener("click", function () {
        // The toast comes up where a second tap may land: not an undo within that tap.
        if (Date.now() - shownAt < 600) return;
        box.hidden = true;
        undo();
      });
      box.appendChild(button);
    }
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      box.hidden = true;
    }, 6000);
  }

  function checkIn(form) {
    var row = rowOf(form);
    if (!row || tooSoon()) return;
    var now = Date.now();
    // A double tap checks in once; the second tap lands on nothing that undoes.
    if (row.li.getAttribute("data-tapped") && now - Number(row.li.getAttribute("data-tapped")) < DOUBLE_TAP_MS) return;
    row.li.setAttribute("data-tapped", String(now));
    var select = form.querySelector('[name="arrived"]');
    var override = form.querySelector('[name="override"]');
    var name = form.getAttribute("data-name") || "";
    var before = view().rows[row.id];
    var action = { kind: "checkin", rsvp: row.id, label: name };
    if (select && select.value) action.arrived = Number(select.value);
    if (override && override.checked) action.override = true;
    // A party already in: this corrects its count, for the check-in this phone shows.
    var correcting = before && before.arrived;
    if (correcting) action.seen = before.key;
    var made = enqueue(action);
    var text = word("%(name)s checked in.", { name: name });
    announce(text);
    toast(text, function () {
      if (correcting) {
        // Undoing a correction puts the count back, not the whole check-in.
        enqueue({ kind: "checkin", rsvp: row.id, arrived: before.arrived, seen: before.key, label: name });
      } else {
        enqueue({ kind: "undo", rsvp: row.id, seen: made.id, label: name });
      }
      announce(word("Check-in of %(name)s undone.", { name: name }));
    });
  }

  function undo(form) {
    var row = rowOf(form);
    if (!row || tooSoon()) return;
    // Undo sits apart from "Check in"; a double tap is caught by the page-wide guard.
    var name = form.getAttribute("data-name") || "";
    enqueue({ kind: "undo", rsvp: row.id, seen: row.li.getAttribute("data-key") || "", label: name });
    announce(word("Check-in of %(name)s undone.", { name: name }));
  }

  function walkinTakeBack(w) {
    var pendingIndex = -1;
    state.queue.forEach(function (a, index) {
      if (w.action && a.id === w.action && a.kind === "walkin") pendingIndex = index;
    });
    if (pendingIndex !== -1 && !state.queue[pendingIndex].sent) {
      // Not sent yet: it never leaves the phone.
      var dropped = state.queue.splice(pendingIndex, 1)[0];
      Door.dequeue([dropped.id]).catch(function () {});
      render();
    } else {
      enqueue(w.action ? { kind: "walkin_del", walkin_action: w.action } : { kind: "walkin_del", walkin: w.id });
    }
    announce(words("Walk-in taken back: %(count)s person.", "Walk-in taken back: %(count)s people.", w.people, { count: w.people }));
  }

  // Whether the form holds a contact a resident agreed to leave: that goes to the server
  // as the plain form (online only), never into the phone's queue, which keeps no contact.
  function hasContact(form) {
    return ["email", "phone"].some(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      return input && input.value.trim();
    });
  }

  function walkIn(form) {
    var count = form.querySelector('input[name="head_count"]');
    var value = count ? Number(count.value) : NaN;
    if (!(value >= 1 && value <= 500 && Math.floor(value) === value)) {
      // Nothing is recorded from an empty count (Enter in the name box, say).
      var message = gettext("Enter how many people came in, from 1 to 500.");
      if (count) {
        count.setAttribute("aria-invalid", "true");
        count.focus();
      }
      announce(message);
      tell(message);
      return;
    }
    function field(name) {
      var input = form.querySelector('[name="' + name + '"]');
      return input ? input.value.trim() : "";
    }
    var made = enqueue({ kind: "walkin", head_count: value, name: field("name") });
    form.reset();
    if (count) count.removeAttribute("aria-invalid");
    var text = words("Walk-in recorded: %(count)s person.", "Walk-in recorded: %(count)s people.", value, { count: value });
    announce(text);
    toast(text, function () {
      walkinTakeBack({ action: made.id, people: value });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches) return;
    if (form.matches("[data-checkin]")) {
      event.preventDefault();
      var action = form.querySelector('input[name="action"]');
      if (action && action.value === "undo") undo(form);
      else checkIn(form);
    } else if (form.matches(".walkin-form")) {
      if (hasContact(form)) {
        if (!navigator.onLine) {
          event.preventDefault();
          tell(gettext("Contact details are sent only with a connection. Record the count now, without them."));
        }
        return; // the plain POST: the server checks consent and keeps the contact
      }
      event.preventDefault();
      walkIn(form);
    }
  });

  // --- A door code scanned with no network (static/js/scan.js): found on the phone's
  // copy by its digest (the list holds digests, never codes), checked in through the queue.
  document.addEventListener("porchlight:scan-offline", function (event) {
    var detail = event.detail;
    var v = view();
    var found = null;
    v.order.forEach(function (id) {
      if (v.rows[id].qr && v.rows[id].qr === detail.digest) found = v.rows[id];
    });
    if (!found || found.status !== "confirmed") return;
    var name = whoOf(found);
    var values = { name: name, size: found.party, time: found.at };
    if (found.arrived) {
      detail.greeting = words("Already checked in at %(time)s: %(name)s — party of %(size)d.",
        "Already checked in at %(time)s: %(name)s — party of %(size)d.", found.party, values);
      return;
    }
    var action = { kind: "checkin", rsvp: found.id, label: name };
    action.id = detail.id;
    action.event = eventId;
    action.at = Date.now();
    action.seq = action.at * 1000 + (seq += 1);
    state.queue.push(action);
    Door.enqueue(action).catch(function () {});
    render();
    sync();
    detail.greeting = words("Welcome, %(name)s — party of %(size)d", "Welcome, %(name)s — party of %(size)d", found.party, values);
  });
  document.addEventListener("porchlight:scanned", function () {
    sync();
  });

  // --- Start: what is waiting on this phone, then the server.
  Promise.all([
    Door.queued(eventId).catch(function () {
      return [];
    }),
    Door.getList(eventId).catch(function () {
      return null;
    }),
  ]).then(function (found) {
    state.queue = found[0].concat(state.queue.filter(function (a) {
      return found[0].every(function (b) {
        return b.id !== a.id;
      });
    }));
    var record = found[1];
    if (record) {
      state.stored = record.list;
      state.syncedAt = record.synced_at || 0;
      // The shell has nothing but the phone's copy; the online page starts from the
      // server's rows and waits for the server's list.
      if (shell) {
        state.list = record.list;
        state.etag = record.etag;
      }
    }
    render();
    sync();
  });
})();
