/* The door code scanner of the attendance page (templates/rsvp/officers/_scan.html).

   PorchlightScan.start(video, onText) / .stop(): the back camera, read a few times a second
   with the browser's BarcodeDetector where there is one (Chrome on Android, Safari 17+),
   else with jsQR (static/vendor/jsqr/, loaded by this file only where it is needed).
   PorchlightScan.decodeImage(imageData, {path: "jsqr"}) reads one frame: a promise of
   {text, path} or null. PorchlightScan.digest(text): the hex digest the door list's rows
   carry as "qr" (rsvp/door_code.py door_code_digest), for finding a code's row offline.
   crypto.subtle and the camera need a secure context: HTTPS, or localhost.

   The scan UI posts each code read to the door scan endpoint and shows the greeting or
   the refusal. Hooks for the attendance list's own script (static/js/checkin.js):
     "porchlight:scanned"      after a check-in by code: detail {id, outcome, greeting, row}
     "porchlight:scan-offline" no answer from the server: detail {id, text, digest}; a
                               listener that finds the row and queues the check-in (with
                               detail.id as its action id) sets detail.greeting to show.
*/
(function () {
  "use strict";

  var SAME_CODE_PAUSE_MS = 4000;  // the same code held up to the camera is sent once
  var FRAME_MS = 250;
  var MAX_WIDTH = 640;  // enough pixels for a phone-screen code at arm's length

  var stream = null;
  var timer = null;
  var detector = null;
  var canvas = null;

  function hasDetector() {
    return typeof window.BarcodeDetector === "function";
  }

  function digest(text) {
    var bytes = new TextEncoder().encode(String(text).trim().toUpperCase());
    return window.crypto.subtle.digest("SHA-256", bytes).then(function (buffer) {
      var view = new Uint8Array(buffer);
      var hex = "";
      for (var i = 0; i < 16; i++) {
        hex += (view[i] < 16 ? "0" : "") + view[i].toString(16);
      }
      return hex;
    });
  }

  function decodeWithJsqr(imageData) {
    if (typeof window.jsQR !== "function") {
      return Promise.reject(new Error("jsQR is not loaded"));
    }
    var found = window.jsQR(imageData.data, imageData.width, imageData.height, {
      inversionAttempts: "attemptBoth"  // a dark-mode screen shows the code inverted
    });
    return Promise.resolve(found && found.data ? { text: found.data, path: "jsqr" } : null);
  }

  function decodeWithDetector(source) {
    if (!detector) {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    }
    return detector.detect(source).then(function (codes) {
      return codes.length ? { text: codes[0].rawValue, path: "detector" } : null;
    });
  }

  /* One frame: {text, path} or null. options.path "jsqr" or "detector" forces one. */
  function decodeImage(imageData, options) {
    var path = (options && options.path) || (hasDetector() ? "detector" : "jsqr");
    return path === "detector" ? decodeWithDetector(imageData) : decodeWithJsqr(imageData);
  }

  function frame(video) {
    if (!video.videoWidth) {
      return null;
    }
    var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    canvas = canvas || document.createElement("canvas");
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return context.getImageData(0, 0, canvas.width, canvas.height);
  }

  function start(video, onText) {
    stop();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return Promise.reject(new Error("no camera API"));
    }
    var last = "";
    var lastAt = 0;
    return navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.setAttribute("playsinline", "");  // iOS: not full screen
        return video.play();
      })
      .then(function () {
        var tick = function () {
          if (!stream) {
            return;
          }
          var image = frame(video);
          var read = image ? decodeImage(image) : Promise.resolve(null);
          read
            .then(function (found) {
              var now = Date.now();
              if (found && (found.text !== last || now - lastAt > SAME_CODE_PAUSE_MS)) {
                last = found.text;
                lastAt = now;
                onText(found.text, found.path);
              }
            })
            .catch(function () { /* a frame that could not be read: try the next one */ })
            .then(function () {
              if (stream) {
                timer = window.setTimeout(tick, FRAME_MS);
              }
            });
        };
        tick();
      });
  }

  function stop() {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
  }

  function loadJsqr(src) {
    if (hasDetector() || typeof window.jsQR === "function" || !src) {
      return;
    }
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    document.head.appendChild(script);
  }

  function clientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function csrfToken(root) {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* The UI of _scan.html: one button, the camera's picture, one line of result. */
  function setUp(root) {
    var button = root.querySelector("[data-scan-toggle]");
    var video = root.querySelector("video");
    var result = root.querySelector("[data-scan-result]");
    var scanning = false;

    function show(text, kind) {
      result.textContent = text;
      result.className = "scan-result" + (kind ? " is-" + kind : "");
    }

    function setScanning(on) {
      scanning = on;
      video.hidden = !on;
      button.textContent = on ? root.dataset.textStop : root.dataset.textStart;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }

    function offline(text, id) {
      return digest(text).then(function (hex) {
        var detail = { id: id, text: text, digest: hex, greeting: "" };
        document.dispatchEvent(new CustomEvent("porchlight:scan-offline", { detail: detail }));
        show(detail.greeting || root.dataset.textOffline, detail.greeting ? "in" : "refused");
      });
    }

    function submit(text) {
      var id = clientId();
      show(root.dataset.textChecking, "");
      return fetch(root.dataset.scanUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": csrfToken(root)
        },
        body: JSON.stringify({ code: text, id: id, at: Date.now() })
      }).then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) {
            show(body.greeting, "in");
            document.dispatchEvent(new CustomEvent("porchlight:scanned", { detail: body }));
          } else {
            show(body.error || root.dataset.textFailed, "refused");
          }
          return body;
        }, function () {
          show(root.dataset.textFailed, "refused");
        });
      }, function () {
        return offline(text, id);
      });
    }

    button.addEventListener("click", function () {
      if (scanning) {
        stop();
        setScanning(false);
        return;
      }
      setScanning(true);
      show("", "");
      start(video, function (text) { submit(text); }).catch(function () {
        stop();
        setScanning(false);
        show(root.dataset.textNoCamera, "refused");
      });
    });
    root.hidden = false;
    return submit;
  }

  window.PorchlightScan = {
    start: start,
    stop: stop,
    decodeImage: decodeImage,
    digest: digest,
    path: function () { return hasDetector() ? "detector" : "jsqr"; },
    submit: null  // the UI's: send a code's text as if scanned (set once the page is ready)
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-scan]");
    if (!root) {
      return;
    }
    loadJsqr(root.dataset.jsqrSrc);
    if (navigator.mediaDevices && window.crypto && window.crypto.subtle) {
      window.PorchlightScan.submit = setUp(root);
    }
  });
})();
