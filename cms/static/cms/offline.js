/*
 * offline.js: study goes on when the connection drops (the page side of the
 * offline layer; the store and the sync are offline_db.js).
 *
 * On every signed-in page:
 * - the status line says online or offline, how many answers wait to be sent
 *   and when answers were last sent;
 * - what waits is sent when the page loads online, when the browser comes back
 *   online (and by the service worker's Background Sync where the browser has it);
 * - the offline pack is fetched when it is missing or older than PACK_AGE_MS
 *   and nothing waits to be sent (the server's pack already holds what was
 *   sent), then the pages of its lessons and their sounds are kept in Cache
 *   Storage within BUDGET bytes, the oldest kept first to go.
 * On a lesson step, an exercise answered offline (or whose request failed) is
 * graded here with the shared rules against the pack's copy of the exercise,
 * shown at once (cms/offline_answers.js, loaded then), and kept in the outbox
 * with its own idempotency key and the time it was given; the server grades it
 * again when it arrives and keeps it once.
 * Every idempotency key a page carries is made new when the page loads: a page
 * served from the cache carries the key of an answer that may already be kept.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var data = script.dataset;
  var PACK_AGE_MS = 15 * 60 * 1000;
  var FIRST_RETRY_MS = 1000;
  var RETRY_MS = 30 * 1000;
  var BUDGET = Number(data.budget); // bytes, set in cms/includes/offline_scripts.html
  var ANSWER_URL = /\/lessons\/(\d+)\/exercises\/([^/]+)\/answer\/$/;
  var DB = window.SaebomDB;

  function text(name, count) {
    var found = data[name] || "";
    return count === undefined ? found : found.replace("{count}", count);
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (window.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function rekey() {
    document.querySelectorAll('input[name="idempotency_key"]').forEach(function (input) {
      input.value = newKey();
    });
  }

  // --- status ---------------------------------------------------------------

  function clock(ms) {
    var moment = new Date(ms);
    var minutes = String(moment.getMinutes()).padStart(2, "0");
    return moment.getHours() + ":" + minutes;
  }

  function showStatus() {
    var element = document.querySelector("[data-offline-status]");
    if (!element) return Promise.resolve();
    return Promise.all([DB.pending(), DB.getMeta("last_sync")]).then(function (found) {
      var parts = [navigator.onLine ? text("online") : text("offline")];
      if (found[0].length) parts.push(text("waiting", found[0].length));
      if (found[1]) parts.push(text("lastSync").replace("{time}", clock(found[1])));
      element.textContent = parts.join(" · ");
      element.dataset.waiting = String(found[0].length);
      element.classList.toggle("offline-status--offline", !navigator.onLine);
      element.hidden = navigator.onLine && !found[0].length && !found[1];
    });
  }

  // --- sending ----------------------------------------------------------------

  var retry = null;
  var tries = 0;

  // Send what waits; while anything still waits online, try again, sooner at first (a
  // link just back often fails its first request), then every RETRY_MS at the most.
  function send() {
    window.clearTimeout(retry);
    if (!navigator.onLine) return showStatus();
    return DB.sync()
      .then(function (sent) {
        if (sent) document.dispatchEvent(new CustomEvent("saebom:synced", { detail: { sent: sent } }));
      })
      .catch(function () {})
      .then(showStatus)
      .then(DB.pending)
      .then(function (left) {
        tries = left.length ? tries + 1 : 0;
        if (!left.length || !navigator.onLine) return;
        retry = window.setTimeout(send, Math.min(RETRY_MS, FIRST_RETRY_MS * Math.pow(3, tries - 1)));
      });
  }

  function askToSend() {
    showStatus();
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then(function (registration) {
        if (registration.sync) return registration.sync.register("saebom-sync");
      })
      .catch(function () {});
  }

  function enqueue(item) {
    item.queued_at = Date.now();
    return DB.enqueue(item).then(askToSend);
  }

  // --- the pack and the files it names ----------------------------------------

  // The lesson whose step this page is, from its exercise form's answer URL.
  function lessonShown() {
    var forms = document.querySelectorAll("form[action]");
    for (var i = 0; i < forms.length; i++) {
      var match = ANSWER_URL.exec(forms[i].getAttribute("action"));
      if (match) return Number(match[1]);
    }
    return null;
  }

  // Whether this page needs a pack made now: the review page always does (its
  // cards change with every answer), a lesson step does when its lesson is not kept.
  function pageWantsPack(pack) {
    if (document.querySelector("[data-offline-fresh-pack]")) return true;
    var shown = lessonShown();
    return shown !== null && !findLesson(pack, shown);
  }

  function refreshPack() {
    if (!navigator.onLine || !data.packUrl) return Promise.resolve();
    return Promise.all([DB.pack(), DB.pending(), DB.getMeta("keep")]).then(function (found) {
      var fresh = found[0] && Date.now() - found[0].fetched_at < PACK_AGE_MS && !pageWantsPack(found[0]);
      if (fresh || found[1].length || found[2] === false) return;
      var shown = lessonShown(); // kept too, even before it is started
      var url = data.packUrl + (shown === null ? "" : "?lesson=" + shown);
      return fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok || response.redirected) throw new Error("no pack");
          return response.json();
        })
        .then(function (pack) {
          pack.fetched_at = Date.now();
          return DB.savePack(pack).then(function () {
            return keepFiles(pack);
          });
        })
        .catch(function () {});
    });
  }

  function wanted(pack) {
    // The review page too: offline, offline_review.js runs it from the pack.
    var urls = data.reviewUrl ? [{ url: data.reviewUrl, cache: "saebom-pages", lesson_id: null }] : [];
    (pack.lessons || []).forEach(function (lesson) {
      [lesson.url].concat(lesson.steps, [lesson.summary_url]).forEach(function (url) {
        urls.push({ url: url, cache: "saebom-pages", lesson_id: lesson.id });
      });
      (lesson.audio || []).forEach(function (url) {
        urls.push({ url: url, cache: "saebom-audio", lesson_id: lesson.id });
      });
    });
    (pack.audio || []).forEach(function (url) {
      urls.push({ url: url, cache: "saebom-audio", lesson_id: null });
    });
    return urls;
  }

  // Fetch and keep what the pack names and is not kept yet, one at a time (a phone
  // on a slow link should not open dozens of requests at once), in the pack's order
  // (the most recent lesson first), and no more once the budget is used: what is
  // kept past it would only be fetched to be thrown away.
  function keepFiles(pack) {
    return DB.files().then(function (kept) {
      var have = {};
      var used = JSON.stringify(pack).length;
      kept.forEach(function (record) {
        have[record.url] = true;
        used += record.bytes;
      });
      var missing = wanted(pack).filter(function (entry) {
        return !have[entry.url];
      });
      return missing
        .reduce(function (chain, entry) {
          return chain.then(function () {
            if (used >= BUDGET) return;
            return keepOne(entry).then(function (bytes) {
              used += bytes || 0;
            });
          });
        }, Promise.resolve())
        .then(function () {
          return DB.keepWithin(BUDGET);
        });
    });
  }

  function keepOne(entry) {
    return fetch(entry.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) return;
        return response.blob().then(function (blob) {
          var copy = new Response(blob, { status: 200, headers: response.headers });
          return caches.open(entry.cache).then(function (cache) {
            return cache.put(entry.url, copy).then(function () {
              return DB.keepFile({
                url: entry.url,
                cache: entry.cache,
                bytes: blob.size,
                stored_at: Date.now(),
                lesson_id: entry.lesson_id,
              }).then(function () {
                return blob.size;
              });
            });
          });
        });
      })
      .catch(function () {});
  }

  // --- exercises answered here -------------------------------------------------

  function answerForm(detail) {
    var elt = detail.elt || (detail.requestConfig && detail.requestConfig.elt);
    var form = elt && elt.closest ? elt.closest("form") : null;
    var match = form && ANSWER_URL.exec(form.getAttribute("action") || "");
    return match ? { form: form, pageId: Number(match[1]), blockId: match[2] } : null;
  }

  function fieldsOf(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "idempotency_key" || name === "again") return;
      (fields[name] = fields[name] || []).push(String(value));
    });
    return fields;
  }

  function findLesson(pack, pageId) {
    return ((pack && pack.lessons) || []).filter(function (lesson) {
      return lesson.id === pageId;
    })[0];
  }

  // Grade and keep an answer here: cms/offline_answers.js with the shared grading
  // rules, loaded the first time an answer must be handled on the phone.
  function answerHere(target, key) {
    var fields = fieldsOf(target.form);
    var answeredAt = Date.now();
    return load("answers")
      .catch(function () {})
      .then(function () {
        if (window.SaebomAnswers) return window.SaebomAnswers.answer(target, key, fields, answeredAt);
        var box = document.getElementById("feedback-" + target.blockId);
        if (box) box.textContent = text("keptUngraded"); // graded when it reaches the server
        target.form.querySelector('input[name="idempotency_key"]').value = newKey();
        return enqueue(answerItem(target, key, fields, answeredAt));
      });
  }

  function answerItem(target, key, fields, answeredAt) {
    return {
      kind: "answer",
      key: key,
      page_id: target.pageId,
      block_id: target.blockId,
      answer: fields,
      answered_at: answeredAt,
    };
  }


  function keyOf(form) {
    var input = form.querySelector('input[name="idempotency_key"]');
    return input && input.value ? input.value : newKey();
  }

  // Offline: answer here instead of sending.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (navigator.onLine) return;
    var target = answerForm(event.detail);
    if (!target) return;
    event.preventDefault();
    answerHere(target, keyOf(target.form));
  });

  // The request failed on the way: keep it under the key it was sent with, so
  // that if it did arrive, the server keeps it once.
  function failed(event) {
    var target = answerForm(event.detail);
    if (target) answerHere(target, keyOf(target.form));
  }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);

  // --- scripts for study offline ----------------------------------------------

  // What only study with no connection needs (the shared grading rules, FSRS in the
  // browser) is not part of a page: it is loaded the first time it is needed, from
  // the worker's cache when offline. data-later: {name: [script URLs, in order]}.
  var loading = {};

  function load(name) {
    if (!loading[name]) {
      var urls = JSON.parse(data.later || "{}")[name] || [];
      loading[name] = urls.reduce(function (chain, url) {
        return chain.then(function () {
          return addScript(url);
        });
      }, Promise.resolve());
      loading[name].catch(function () {
        delete loading[name];
      });
    }
    return loading[name];
  }

  var added = {};

  function addScript(url) {
    if (!added[url]) {
      added[url] = new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = url;
        element.onload = resolve;
        element.onerror = function () {
          element.remove();
          delete added[url];
          reject(new Error("not loaded: " + url));
        };
        document.head.appendChild(element);
      });
    }
    return added[url];
  }

  // --- start ---------------------------------------------------------------------

  window.addEventListener("online", function () {
    send()
      .then(refreshPack)
      .then(function () {
        document.dispatchEvent(new CustomEvent("saebom:back-online"));
      });
  });
  window.addEventListener("offline", showStatus);
  rekey();
  // Settled once this page's answers are sent and its pack and files are kept.
  var ready = Promise.all([DB.setMeta("sync_url", data.syncUrl), DB.setMeta("csrf", data.csrf)])
    .then(send)
    .then(refreshPack)
    .then(showStatus)
    .catch(function () {});

  window.SaebomOffline = {
    ready: ready,
    load: load,
    text: text,
    answerItem: answerItem, budget: BUDGET, enqueue: enqueue, send: send, refreshPack: refreshPack, status: showStatus, newKey: newKey };
})();
