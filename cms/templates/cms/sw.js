/*
 * Saebom's service worker, served at /sw.js (scope "/") by cms.views.service_worker,
 * which fills in CONFIG. The rules (docs/OFFLINE.md says why):
 *
 *   - It answers only same-origin GETs, and never for CONFIG.never (sign-in and
 *     sign-out, the admins, privacy, the offline API, tutors' pages, the worker).
 *   - Static files: from the shell cache ("saebom-shell-<version>", filled at install
 *     with CONFIG.shell), else the network.
 *   - Pages (navigations): the network first. A page the offline layer kept in
 *     "saebom-pages" is refreshed with the new copy; no other page is ever stored
 *     here. With no network: the kept copy, else the offline page.
 *   - Audio (media .mp3/.ogg and spoken audio): from "saebom-audio", else the network;
 *     a Range request gets its bytes from the kept file.
 *   - The worker adds nothing to "saebom-pages" or "saebom-audio": the page decides
 *     what is kept (cms/static/cms/offline.js), so the budget has one owner.
 *   - "wipe" (a message) deletes every "saebom-" cache; sync "saebom-sync" calls
 *     SaebomDB.sync() from offline_db.js when it is there.
 */
"use strict";

var CONFIG = {{ config }};
var SHELL_CACHE = "saebom-shell-" + CONFIG.version;
var PAGES_CACHE = "saebom-pages";
var AUDIO_CACHE = "saebom-audio";
var PREFIX = "saebom-";
var AUDIO_FILE = /\.(mp3|ogg)$/i;

if (CONFIG.database) {
  try {
    importScripts.apply(self, CONFIG.database);
  } catch (error) {
    // The worker still serves pages without the offline database.
  }
}

function precache() {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.addAll(CONFIG.shell);
  });
}

function deleteCaches(doomed) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(doomed).map(function (name) {
      return caches.delete(name);
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(precache().then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  var oldShell = function (name) {
    return name.indexOf(PREFIX + "shell-") === 0 && name !== SHELL_CACHE;
  };
  event.waitUntil(deleteCaches(oldShell).then(function () {
    return self.clients.claim();
  }));
});

function startsWithAny(path, prefixes) {
  return prefixes.some(function (prefix) {
    return path.indexOf(prefix) === 0;
  });
}

// A copy marked with where it came from, and free of its redirect (a navigation
// may not be answered with a redirected response).
function marked(response, source) {
  var headers = new Headers(response.headers);
  headers.set("Saebom-Offline", source);
  return response.blob().then(function (body) {
    return new Response(body, {status: response.status, statusText: response.statusText, headers: headers});
  });
}

function offlinePage() {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(CONFIG.offline);
  }).then(function (page) {
    return page ? marked(page, "fallback") : Response.error();
  });
}

// The kept copy of a page, if the offline layer kept it (caches.has: never make the cache).
function kept(request) {
  return caches.has(PAGES_CACHE).then(function (has) {
    if (!has) return undefined;
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(request.url, {ignoreVary: true});
    });
  });
}

function refresh(request, response) {
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  return kept(request).then(function (old) {
    if (!old) return undefined;
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.put(request.url, response);
    });
  });
}

function page(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(refresh(request, response.clone()).catch(function () {}));
    return response;
  }, function () {
    return kept(request).then(function (copy) {
      return copy ? marked(copy, "kept") : offlinePage();
    });
  });
}

function fromShell(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request, {ignoreVary: true});
  }).then(function (hit) {
    return hit || fetch(request);
  });
}

// The asked-for bytes of a kept file: media elements ask with Range, and some
// browsers (Safari) play only a 206 answer.
function ranged(request, response) {
  var range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("Range") || "");
  if (!range) return response;
  return response.blob().then(function (blob) {
    var start = range[1] ? Number(range[1]) : Math.max(0, blob.size - Number(range[2]));
    var end = range[1] && range[2] ? Math.min(Number(range[2]) + 1, blob.size) : blob.size;
    var headers = new Headers(response.headers);
    headers.set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + blob.size);
    headers.set("Content-Length", String(end - start));
    return new Response(blob.slice(start, end), {status: 206, statusText: "Partial Content", headers: headers});
  });
}

function audio(request) {
  return caches.has(AUDIO_CACHE).then(function (has) {
    if (!has) return undefined;
    return caches.open(AUDIO_CACHE).then(function (cache) {
      return cache.match(request.url, {ignoreVary: true});
    });
  }).then(function (hit) {
    return hit ? ranged(request, hit) : fetch(request);
  });
}

function isAudio(url) {
  return url.pathname.indexOf(CONFIG.speech) === 0 ||
    (url.pathname.indexOf(CONFIG.media) === 0 && AUDIO_FILE.test(url.pathname));
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (startsWithAny(url.pathname, CONFIG.never)) return;
  if (url.pathname.indexOf(CONFIG.static) === 0) {
    event.respondWith(fromShell(request));
  } else if (isAudio(url)) {
    event.respondWith(audio(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== "saebom-sync") return;
  try {
    if (self.SaebomDB && typeof self.SaebomDB.sync === "function") {
      event.waitUntil(Promise.resolve(self.SaebomDB.sync()));
    }
  } catch (error) {
    // Nothing was sent; the next page load tries again.
  }
});

// {type: "wipe"}: delete every Saebom cache (sign-out, leave now, "clear" in settings).
// {type: "prepare"}: a signed-in page asks for the shell again after a wipe.
self.addEventListener("message", function (event) {
  var type = event.data && (event.data.type || event.data);
  var done;
  if (type === "wipe") {
    done = deleteCaches(function (name) {
      return name.indexOf(PREFIX) === 0;
    });
  } else if (type === "prepare") {
    done = caches.has(SHELL_CACHE).then(function (has) {
      return has ? undefined : precache();
    });
  } else {
    return;
  }
  event.waitUntil(done.then(function () {
    if (event.ports && event.ports[0]) event.ports[0].postMessage({type: type, done: true});
  }));
});
