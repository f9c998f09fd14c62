/* Kiosk mode: go back to the empty search by itself after a while (the welcome after a few
   seconds, results left on screen by someone who walked away after a minute), so the next
   resident neither waits nor sees the last one's page.

   A script and not a meta refresh: a refresh cannot be put off (WCAG 2.2.1, axe's
   meta-refresh rule). Here every tap or key press starts the wait again, so nobody is sent
   away while using the page. Without JavaScript the page stays, and its button goes back. */
(function () {
  "use strict";
  // A kiosk is a tablet residents use: it keeps no copy of the door list (IndexedDB, the
  // officer pages' service worker and its files), which a resident could open offline.
  if (window.indexedDB) indexedDB.deleteDatabase("porchlight-door");
  if (window.caches) {
    caches.keys().then(function (names) {
      names.forEach(function (name) {
        caches.delete(name);
      });
    });
  }
  if (navigator.serviceWorker) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) {
        registration.unregister();
      });
    });
  }
})();
(function () {
  "use strict";
  var holder = document.querySelector("[data-return-after]");
  if (!holder) return;
  var seconds = parseInt(holder.getAttribute("data-return-after"), 10);
  var url = holder.getAttribute("data-return-url");
  if (!(seconds > 0) || !url) return;
  var note = document.querySelector("[data-return-note]");
  if (note) note.hidden = false;
  var timer = null;

  function wait() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      window.location.assign(url);
    }, seconds * 1000);
  }

  ["pointerdown", "keydown", "input"].forEach(function (kind) {
    document.addEventListener(kind, wait, true);
  });
  wait();
})();
