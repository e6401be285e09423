/*
 * outbox.js: an answer that cannot be sent is kept, shown and sent again.
 *
 * Contract. A form that records an answer carries `data-outbox` and a hidden
 * <input name="idempotency_key" value="(uuid4 made at render)">; the server
 * records a key at most once and answers a repeat as it answered the first.
 * When htmx cannot send such a form (htmx:sendError, htmx:timeout) this script
 *   1. keeps the request (method, URL, form body, htmx headers, target) in
 *      sessionStorage, so that it survives a reload of the tab;
 *   2. shows a notice that says the answer is waiting, with the count;
 *   3. sends it again, with the same key, when the browser comes back
 *      `online`, every RETRY_MS while anything waits, and on the next page load;
 *   4. when the server answers (2xx, or 400 which htmx also swaps here), swaps
 *      the answer into the request's target as htmx would, forgets the request
 *      and hides the notice once nothing waits.
 * A later request with the same key (without a key: the same method and URL)
 * replaces the one kept, so the learner's last choice is the one sent. An
 * answer htmx does send forgets any kept copy of itself.
 *
 * Use. Load it after htmx with the notice texts translated in the template:
 *   <script src="{% static 'cms/outbox.js' %}" data-waiting="(sentence)"
 *           data-count="(text with {count})" defer></script>
 * and put <p data-outbox-notice hidden role="status"></p> where the notice
 * belongs (without one, a notice is made at the top of <main>).
 */
(function () {
  "use strict";
  var STORE = "saebom-outbox";
  var RETRY_MS = 15000;
  var script = document.currentScript;
  var texts = {
    waiting: (script && script.dataset.waiting) || "Your answer has not been sent yet.",
    count: (script && script.dataset.count) || "Answers waiting: {count}",
  };
  var sending = false;
  var timer = null;

  function load() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORE)) || [];
    } catch (error) {
      return [];
    }
  }

  function save(entries) {
    if (entries.length) window.sessionStorage.setItem(STORE, JSON.stringify(entries));
    else window.sessionStorage.removeItem(STORE);
    show(entries.length);
  }

  function identity(entry) {
    return entry.key || entry.method + " " + entry.url;
  }

  function without(entries, id) {
    return entries.filter(function (entry) {
      return identity(entry) !== id;
    });
  }

  function notice() {
    var element = document.querySelector("[data-outbox-notice]");
    if (element) return element;
    element = document.createElement("p");
    element.className = "notice outbox-notice";
    element.setAttribute("role", "status");
    element.setAttribute("data-outbox-notice", "");
    var main = document.querySelector("main") || document.body;
    main.insertBefore(element, main.firstChild);
    return element;
  }

  function show(count) {
    var element = count ? notice() : document.querySelector("[data-outbox-notice]");
    if (!element) return;
    element.hidden = !count;
    element.textContent = count ? texts.waiting + " " + texts.count.replace("{count}", count) : "";
  }

  // The request htmx tried to send, from an htmx event's detail.
  function entryOf(detail) {
    var config = detail.requestConfig || detail;
    var form = config.elt && config.elt.closest ? config.elt.closest("form") : null;
    var body = new URLSearchParams(config.formData || []).toString();
    var method = (config.verb || "post").toUpperCase();
    var url = config.path;
    if (method === "GET" && body) url += (url.indexOf("?") < 0 ? "?" : "&") + body;
    var key = form && form.querySelector('input[name="idempotency_key"]');
    return {
      method: method,
      url: url,
      body: method === "GET" ? null : body,
      headers: config.headers || {},
      target: config.target && config.target.id ? "#" + config.target.id : null,
      key: key ? key.value : null,
    };
  }

  function fromOutboxForm(detail) {
    var elt = detail.elt || (detail.requestConfig && detail.requestConfig.elt);
    return elt && elt.closest && elt.closest("[data-outbox]");
  }

  function keep(event) {
    if (!fromOutboxForm(event.detail)) return;
    var entry = entryOf(event.detail);
    var entries = without(load(), identity(entry));
    entries.push(entry);
    save(entries);
    schedule();
  }

  function forgetSent(event) {
    if (event.detail.successful !== true || !fromOutboxForm(event.detail)) return;
    var entries = load();
    var left = without(entries, identity(entryOf(event.detail)));
    if (left.length !== entries.length) save(left);
  }

  function schedule() {
    if (timer === null) timer = window.setTimeout(flush, RETRY_MS);
  }

  function swapIn(entry, html) {
    var target = entry.target && document.querySelector(entry.target);
    if (!target) return;
    if (window.htmx && window.htmx.swap) window.htmx.swap(target, html, { swapStyle: "innerHTML" });
    else target.innerHTML = html;
  }

  function send(entry) {
    var headers = Object.assign({}, entry.headers);
    if (entry.body !== null) headers["Content-Type"] = "application/x-www-form-urlencoded";
    return window
      .fetch(entry.url, {
        method: entry.method,
        headers: headers,
        body: entry.body,
        credentials: "same-origin",
      })
      .then(function (response) {
        var answered = !response.redirected && (response.ok || response.status === 400);
        if (!answered) throw new Error("not answered: " + response.status);
        return response.text();
      });
  }

  // Send what waits, oldest first; stop at the first failure and try again later.
  function flush() {
    timer = null;
    var entries = load();
    if (sending || !entries.length) return;
    if (navigator.onLine === false) return schedule();
    sending = true;
    var entry = entries[0];
    send(entry)
      .then(function (html) {
        save(without(load(), identity(entry)));
        swapIn(entry, html);
        sending = false;
        flush();
      })
      .catch(function () {
        sending = false;
        schedule();
      });
  }

  document.addEventListener("htmx:sendError", keep);
  document.addEventListener("htmx:timeout", keep);
  document.addEventListener("htmx:afterRequest", forgetSent);
  window.addEventListener("online", flush);
  show(load().length);
  flush();
})();
