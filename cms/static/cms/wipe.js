/*
 * wipe.js: a shared or inspected phone keeps nothing of Saebom after sign-out
 * or "leave now" (빨리 닫기).
 *
 * window.SaebomWipe() -> Promise (never rejects) deletes
 *   - every Cache Storage cache whose name starts with "saebom-" (and asks the
 *     service worker to do the same, for a cache it is filling right now);
 *   - the IndexedDB database "saebom" (offline_db.js must close its connection on
 *     `versionchange`, or the deletion waits for the page to go);
 *   - every sessionStorage and localStorage key that starts with "saebom" (the
 *     outbox's unsent answers too: a signed-out phone holds nobody's answers).
 *
 * A form with `data-wipe` (the header's sign-out) wipes, then submits. A form with
 * `data-leave-now` (its action the sign-out URL, `data-leave-to` a neutral page)
 * blanks the screen at once, signs out (a keepalive POST) while it wipes, then
 * replaces the location, so that Back does not return to this page. Neither waits
 * more than WAIT_MS: a phone that is offline or slow still leaves.
 * Without JavaScript both forms are plain sign-out POSTs, and the server's answer
 * to a sign-out carries Clear-Site-Data, which clears the same stores.
 */
(function () {
  "use strict";
  var PREFIX = "saebom";
  var DATABASE = "saebom";
  var WAIT_MS = 3000;

  function nothing() {}

  function settled(promise) {
    return Promise.resolve(promise).then(nothing, nothing);
  }

  function atMost(promise, ms) {
    return Promise.race([promise, new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    })]);
  }

  function clearCaches() {
    if (!window.caches) return Promise.resolve();
    return window.caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX + "-") === 0;
      }).map(function (name) {
        return window.caches.delete(name);
      }));
    });
  }

  function deleteDatabase() {
    if (!window.indexedDB) return Promise.resolve();
    try {
      if (window.SaebomDB && typeof window.SaebomDB.close === "function") window.SaebomDB.close();
    } catch (error) {
      // Deleting still works once the connection goes with the page.
    }
    return new Promise(function (resolve) {
      var request = window.indexedDB.deleteDatabase(DATABASE);
      request.onsuccess = request.onerror = function () {
        resolve();
      };
    });
  }

  function clearKeys(name) {
    try {
      var storage = window[name];
      for (var i = storage.length - 1; i >= 0; i -= 1) {
        var key = storage.key(i);
        if (key && key.indexOf(PREFIX) === 0) storage.removeItem(key);
      }
    } catch (error) {
      // Storage switched off: nothing was kept in it.
    }
  }

  function tellWorker() {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({type: "wipe"});
  }

  function wipe() {
    clearKeys("sessionStorage");
    clearKeys("localStorage");
    tellWorker();
    return Promise.all([settled(clearCaches()), settled(deleteDatabase())]).then(nothing);
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  // keepalive: the sign-out still reaches the server if the page goes first.
  function signOut(form) {
    var body = new URLSearchParams(new FormData(form));
    var token = body.get("csrfmiddlewaretoken") || cookie("csrftoken");
    body.set("csrfmiddlewaretoken", token);
    try {
      return window.fetch(form.action, {
        method: "POST",
        body: body,
        headers: {"X-CSRFToken": token},
        credentials: "same-origin",
        redirect: "manual",
        keepalive: true,
      });
    } catch (error) {
      return Promise.resolve(); // offline: the stores are still wiped
    }
  }

  function leaveNow(form) {
    document.title = "";
    document.documentElement.classList.add("is-leaving");
    document.body.hidden = true;
    var done = Promise.all([settled(signOut(form)), wipe()]);
    atMost(done, WAIT_MS).then(function () {
      window.location.replace(form.getAttribute("data-leave-to") || "about:blank");
    });
  }

  // Answers given offline are sent first if they can be (a signed-out phone keeps none).
  function sendWaiting() {
    var offline = window.SaebomOffline;
    return offline && navigator.onLine ? settled(offline.send()) : Promise.resolve();
  }

  function wipeThenSubmit(form) {
    atMost(sendWaiting().then(wipe), WAIT_MS).then(function () {
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-leave-now")) {
      event.preventDefault();
      leaveNow(form);
    } else if (form.hasAttribute("data-wipe")) {
      event.preventDefault();
      wipeThenSubmit(form);
    }
  });

  window.SaebomWipe = wipe;
})();
