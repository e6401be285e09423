/*
 * offline_storage.js: the settings section that says what this phone keeps for
 * study offline, and lets the learner clear it or stop keeping it. Clearing
 * keeps the answers still waiting to be sent (they are sent, then forgotten);
 * "leave now" and signing out clear everything.
 */
(function () {
  "use strict";
  var section = document.querySelector("[data-offline-storage]");
  var DB = window.SaebomDB;
  if (!section || !DB || !window.caches || !window.SaebomOffline) return;
  var data = section.dataset;
  var MB = 1024 * 1024;

  function megabytes(bytes) {
    return (bytes / MB).toFixed(1);
  }

  function show() {
    return Promise.all([DB.pack(), DB.files(), DB.pending(), DB.getMeta("keep")]).then(function (found) {
      var pack = found[0] || {};
      var bytes = JSON.stringify(found[0] || {}).length;
      found[1].forEach(function (record) {
        bytes += record.bytes;
      });
      var line = data.summary
        .replace("{lessons}", (pack.lessons || []).length)
        .replace("{cards}", (pack.cards || []).length)
        .replace("{used}", megabytes(bytes))
        .replace("{budget}", megabytes(window.SaebomOffline.budget))
        .replace("{waiting}", found[2].length);
      section.querySelector("[data-stored]").textContent = line;
      section.querySelector("[data-keep]").checked = found[3] !== false;
      section.hidden = false;
    });
  }

  function clearAll() {
    return Promise.all([
      caches.delete("saebom-pages"),
      caches.delete("saebom-audio"),
      DB.clearStudy(),
    ]);
  }

  section.querySelector("[data-clear-offline]").addEventListener("click", function () {
    clearAll()
      .then(function () {
        return DB.setMeta("keep", false);
      })
      .then(show)
      .then(function () {
        section.querySelector("[data-cleared]").hidden = false;
      });
  });

  section.querySelector("[data-keep]").addEventListener("change", function (event) {
    var keep = event.target.checked;
    (keep ? Promise.resolve() : clearAll())
      .then(function () {
        return DB.setMeta("keep", keep);
      })
      .then(function () {
        return keep && window.SaebomOffline ? window.SaebomOffline.refreshPack() : null;
      })
      .then(show);
  });

  show();
})();
