/* Porchlight door list: the service worker of the officer pages (scope /officers/).
   Served by rsvp.officers.door.service_worker, which fills in the version and the files.

   What it keeps: the page's own files (style, scripts) and one empty door page, the
   "shell", in the officer's language, without any resident on it. When an attendance list
   is opened with no network, the shell is shown and the page's script fills it from the
   list kept on the phone (IndexedDB, static/js/door_store.js). The attendance pages
   themselves are never kept by this worker: they carry residents' needs and contacts. */
"use strict";

var VERSION = "{{ version }}";
var SHELL = "{{ shell_url }}";
var FILES = {{ files|safe }};
var ATTENDANCE = /^\/officers\/events\/\d+\/attendance\/$/;

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

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(VERSION).then(function (cache) {
      return cache.addAll(FILES.concat([SHELL]));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== VERSION;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && ATTENDANCE.test(url.pathname)) {
    // The network first: the list as the server has it. With no network, a server that
    // does not answer within a few seconds (one bar of signal) or a captive portal's
    // error, the shell, which the page's script fills from the phone's copy.
    event.respondWith(
      within(8000, fetch(request)).then(function (response) {
        if (response.status >= 500) throw new Error("server unavailable");
        return response;
      }).catch(function () {
        return caches.match(SHELL);
      })
    );
    return;
  }
  if (FILES.indexOf(url.pathname) !== -1) {
    // The page's files, from the copy kept at install: the version above changes with
    // their content, so a new copy comes with a new worker.
    event.respondWith(
      caches.match(request).then(function (kept) {
        return kept || fetch(request);
      })
    );
  }
});
