/*
 * offline_db.js: what a learner's phone keeps for study with no connection,
 * and the one way it is sent back. Loaded by pages (after vendor/idb) and by
 * the service worker (importScripts), so it touches no DOM.
 *
 * IndexedDB database "saebom", version 1:
 *   pack    key "current": the offline pack (progress.offline), with each
 *           card's state moved on by the answers given offline;
 *   outbox  keyPath "key": answers waiting to be sent, each with its own
 *           idempotency key and the time it was given;
 *   files   keyPath "url": pages and sounds kept in Cache Storage, with their
 *           size and when they were kept, for the budget (keepWithin: the
 *           oldest go first);
 *   meta    key/value: the sync URL, the CSRF token, the last sync.
 * Nothing here names the learner: no user name, e-mail or pen name.
 *
 * Sync: the outbox goes to the server in batches of BATCH, oldest first; an
 * item the server answers (recorded, duplicate or refused) is forgotten, so
 * sending the same items twice records nothing twice (the server keys them).
 * A batch the server refuses whole (400) is sent again one item at a time,
 * so one unreadable item cannot hold back the others.
 */
(function (scope) {
  "use strict";
  var NAME = "saebom";
  var BATCH = 200;
  var KINDS = { answer: "answers", review: "reviews", completion: "completions" };
  var opened = null;

  function open() {
    if (!opened) {
      opened = scope.idb.openDB(NAME, 1, {
        upgrade: function (db) {
          db.createObjectStore("pack");
          db.createObjectStore("outbox", { keyPath: "key" });
          db.createObjectStore("files", { keyPath: "url" });
          db.createObjectStore("meta");
        },
        // Another page deletes the database (sign-out, leave now): let it go at once.
        blocking: function () {
          close();
        },
        terminated: function () {
          opened = null;
        },
      });
    }
    return opened;
  }

  function close() {
    if (!opened) return;
    var closing = opened;
    opened = null;
    closing.then(function (db) {
      db.close();
    });
  }

  function getMeta(name) {
    return open().then(function (db) {
      return db.get("meta", name);
    });
  }

  function setMeta(name, value) {
    return open().then(function (db) {
      return db.put("meta", value, name);
    });
  }

  function pack() {
    return open().then(function (db) {
      return db.get("pack", "current");
    });
  }

  function savePack(value) {
    return open().then(function (db) {
      return db.put("pack", value, "current");
    });
  }

  // Put an answer in the outbox: {kind, key, ...the fields the sync view reads}.
  function enqueue(item) {
    return open().then(function (db) {
      return db.put("outbox", item);
    });
  }

  function pending() {
    return open().then(function (db) {
      return db.getAll("outbox");
    });
  }

  // Delete the records of `keys` from `store`, in one transaction.
  function deleteAll(store, keys) {
    return open().then(function (db) {
      var tx = db.transaction(store, "readwrite");
      keys.forEach(function (key) {
        tx.store.delete(key);
      });
      return tx.done;
    });
  }

  function forget(keys) {
    return deleteAll("outbox", keys);
  }

  function body(items) {
    var payload = { answers: [], reviews: [], completions: [] };
    items.forEach(function (item) {
      var copy = Object.assign({}, item);
      delete copy.kind;
      delete copy.queued_at;
      payload[KINDS[item.kind]].push(copy);
    });
    return JSON.stringify(payload);
  }

  function post(url, csrf, items) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf || "" },
      body: body(items),
    });
  }

  // Send one batch; returns the number of items the server answered for.
  function sendBatch(url, csrf, items) {
    return post(url, csrf, items).then(function (response) {
      if (response.status === 400 && items.length > 1) return sendEach(url, csrf, items);
      if (response.status === 400) return forget([items[0].key]).then(always(1));
      if (!response.ok || response.redirected) throw new Error("not sent: " + response.status);
      return response.json().then(function (answer) {
        var keys = answer.results.map(function (result) {
          return result.key;
        });
        return Promise.all([forget(keys), setMeta("due_now", answer.due_now)]).then(always(keys.length));
      });
    });
  }

  function sendEach(url, csrf, items) {
    return items.reduce(function (chain, item) {
      return chain.then(function (sent) {
        return sendBatch(url, csrf, [item]).then(function (more) {
          return sent + more;
        });
      });
    }, Promise.resolve(0));
  }

  function always(value) {
    return function () {
      return value;
    };
  }

  function oldestFirst(items) {
    return items.sort(function (a, b) {
      return (a.queued_at || 0) - (b.queued_at || 0);
    });
  }

  var syncing = null;

  // Send everything waiting; resolves to the number of items sent, rejects when
  // the connection or the server failed (the items stay for the next try).
  function sync() {
    if (syncing) return syncing;
    syncing = Promise.all([pending(), getMeta("sync_url"), getMeta("csrf")])
      .then(function (found) {
        var items = oldestFirst(found[0]);
        if (!items.length || !found[1]) return 0;
        var batches = [];
        for (var i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
        return batches
          .reduce(function (chain, batch) {
            return chain.then(function (sent) {
              return sendBatch(found[1], found[2], batch).then(function (more) {
                return sent + more;
              });
            });
          }, Promise.resolve(0))
          .then(function (sent) {
            return setMeta("last_sync", Date.now()).then(function () {
              return sent;
            });
          });
      })
      .finally(function () {
        syncing = null;
      });
    return syncing;
  }

  function files() {
    return open().then(function (db) {
      return db.getAll("files");
    });
  }

  function keepFile(record) {
    return open().then(function (db) {
      return db.put("files", record);
    });
  }

  function forgetFiles(urls) {
    return deleteAll("files", urls);
  }

  // Keep what is stored within `budget` bytes (the pack counts too): the files kept
  // longest go first, from Cache Storage and from the list. Resolves to the URLs gone.
  function keepWithin(budget) {
    return Promise.all([files(), pack()]).then(function (found) {
      var records = found[0].sort(function (a, b) {
        return a.stored_at - b.stored_at;
      });
      var total = JSON.stringify(found[1] || {}).length;
      records.forEach(function (record) {
        total += record.bytes;
      });
      var gone = [];
      while (total > budget && records.length) {
        var record = records.shift();
        total -= record.bytes;
        gone.push(record);
      }
      var urls = gone.map(function (record) {
        return record.url;
      });
      return Promise.all(
        gone.map(function (record) {
          return caches.open(record.cache).then(function (cache) {
            return cache.delete(record.url);
          });
        })
      )
        .then(function () {
          return forgetFiles(urls);
        })
        .then(always(urls));
    });
  }

  // Forget the pack and the files list (not the outbox: answers still wait to be sent).
  function clearStudy() {
    return open().then(function (db) {
      var tx = db.transaction(["pack", "files"], "readwrite");
      tx.objectStore("pack").clear();
      tx.objectStore("files").clear();
      return tx.done;
    });
  }

  scope.SaebomDB = {
    close: close,
    clearStudy: clearStudy,
    open: open,
    getMeta: getMeta,
    setMeta: setMeta,
    pack: pack,
    savePack: savePack,
    enqueue: enqueue,
    pending: pending,
    sync: sync,
    files: files,
    keepFile: keepFile,
    keepWithin: keepWithin,
    forgetFiles: forgetFiles,
  };
})(typeof self !== "undefined" ? self : window);
