/*
 * pwa.js: a signed-in page registers Saebom's service worker (/sw.js, scope "/"),
 * which keeps the site's shell for offline use (docs/OFFLINE.md). Loaded only
 * for signed-in people: a visitor's phone gets no worker and no caches.
 *
 * Use: <script src="{% static 'cms/pwa.js' %}" data-worker="{% url 'service_worker' %}" defer>
 * Once the worker is active it is asked to "prepare": to fetch the shell again
 * if a wipe (cms/static/cms/wipe.js) deleted it since it was installed.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;

  navigator.serviceWorker
    .register(script.getAttribute("data-worker"), { scope: "/" })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "prepare" });
    })
    .catch(function () {
      // No worker (private window, storage off): the site still works online.
    });
})();
