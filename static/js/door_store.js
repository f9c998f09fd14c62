/* Porchlight door list: what the phone keeps, in IndexedDB.

   "lists": per event, the door list as the server last sent it (names as typed, party
   sizes, statuses and check-ins: no contacts, no needs) with its ETag and when it came.
   "queue": what the officer did that the server has not answered yet, each action with
   the id this phone made for it (the server applies each id once).

   Forgotten: a list once its door has closed (its `forget_after`), everything when the
   officer signs out (checkin.js, and the server's Clear-Site-Data). */
(function () {
  "use strict";

  var NAME = "porchlight-door";
  var opening = null;

  function open() {
    if (!window.indexedDB) return Promise.reject(new Error("no IndexedDB"));
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("lists", { keyPath: "event" });
        var queue = db.createObjectStore("queue", { keyPath: "id" });
        queue.createIndex("event", "event");
      };
      request.onsuccess = function () {
        var db = request.result;
        // Another tab signing out deletes the database: let go of it at once.
        db.onversionchange = function () {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = function () {
        opening = null;
        reject(request.error);
      };
    });
    return opening;
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result;
        tx.oncomplete = function () {
          resolve(result);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
        work(tx.objectStore(storeName), function (value) {
          result = value;
        });
      });
    });
  }

  function requestValue(request, done) {
    request.onsuccess = function () {
      done(request.result);
    };
  }

  // Ids made here, for actions: random (crypto), never a counter a replay could reuse.
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  window.PorchlightDoor = {
    newId: newId,
    getList: function (event) {
      return run("lists", "readonly", function (store, done) {
        requestValue(store.get(event), done);
      });
    },
    putList: function (record) {
      return run("lists", "readwrite", function (store) {
        store.put(record);
      });
    },
    queued: function (event) {
      return run("queue", "readonly", function (store, done) {
        requestValue(store.index("event").getAll(event), function (actions) {
          done((actions || []).sort(function (a, b) {
            return a.seq - b.seq;
          }));
        });
      });
    },
    enqueue: function (action) {
      return run("queue", "readwrite", function (store) {
        store.put(action);
      });
    },
    dequeue: function (ids) {
      return run("queue", "readwrite", function (store) {
        ids.forEach(function (id) {
          store.delete(id);
        });
      });
    },
    // Lists whose door has closed, and nothing waiting for them: gone.
    forgetClosed: function (now) {
      return run("lists", "readwrite", function (store) {
        requestValue(store.getAll(), function (records) {
          (records || []).forEach(function (record) {
            var after = record.list && Date.parse(record.list.forget_after);
            if (after && after < now) store.delete(record.event);
          });
        });
      });
    },
    forgetAll: function () {
      // This page's own connection is closed first, else the deletion waits for it.
      var was = opening;
      opening = null;
      var closed = was ? was.then(function (db) {
        db.close();
      }, function () {}) : Promise.resolve();
      return closed.then(function () {
        return new Promise(function (resolve) {
          if (!window.indexedDB) return resolve();
          var request = indexedDB.deleteDatabase(NAME);
          request.onsuccess = request.onerror = request.onblocked = function () {
            resolve();
          };
        });
      });
    },
  };
})();
