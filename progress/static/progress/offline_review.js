/*
 * offline_review.js: the review session with no connection.
 *
 * The review page works online one card at a time over htmx. When the browser
 * is offline (at load, or when a request of the session is about to go or has
 * failed), this script takes the session over from the offline pack:
 * - the cards are the pack's, in the server's order, each shown when its state
 *   (moved on here by each offline answer) is due, new cards no more than the
 *   pack's `new_left`;
 * - a card looks as online: its front and back are the server's own HTML;
 * - the intervals on the buttons and the state after an answer come from the
 *   learner's scheduler settings in the pack (progress/scheduling.js, FSRS in
 *   the browser, held equal to the server's; loaded with the grading rules only
 *   when the session is taken over);
 * - a typed answer is checked with the shared spelling rule (lessons/grading.js);
 * - each rating goes to the outbox with its own key and the time it was given,
 *   and is recorded by the server once when the connection is back.
 * A rating whose request failed is kept under the key it was sent with.
 */
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var box = document.getElementById("review-card");
  var ANSWER = /\/review\/(\d+)\/answer\/$/;
  var DB = window.SaebomDB;
  var local = null; // the session here, once taken over
  var taking = false;

  function text(name, count) {
    var found = data[name] || "";
    return count === undefined ? found : found.replace("{count}", count);
  }

  function stamp(ms) {
    return new Date(ms).toISOString();
  }

  function dueAt(card) {
    return card.state.due ? Date.parse(card.state.due) : 0;
  }

  function isNew(card) {
    return !card.state.last_review;
  }

  function nextCard(now) {
    var newLeft = local.pack.new_left - (local.pack.new_used || 0);
    var due = local.pack.cards.filter(function (card) {
      return dueAt(card) <= now && (!isNew(card) || newLeft > 0);
    });
    // The card just answered waits behind the others when another is due.
    var others = due.filter(function (card) {
      return card.id !== local.lastId;
    });
    return { card: (others.length ? others : due)[0] || null, left: due.length };
  }

  function notice() {
    var p = document.createElement("p");
    p.className = "notice offline-review__notice";
    p.setAttribute("role", "status");
    p.textContent = text("offline");
    return p;
  }

  function show() {
    var now = Date.now();
    var found = nextCard(now);
    local.card = found.card;
    local.shownAt = now;
    local.revealed = false;
    box.replaceChildren(notice());
    if (!found.card) {
      var done = document.createElement("p");
      done.className = "review-done offline-review__done";
      done.textContent = text("done");
      box.appendChild(done);
      return;
    }
    var left = document.createElement("p");
    left.className = "review-progress__left";
    left.dataset.left = String(found.left);
    left.textContent = text("left", found.left);
    box.appendChild(left);
    box.insertAdjacentHTML("beforeend", found.card.front);
    focusFirst();
  }

  function focusFirst() {
    var first = box.querySelector("[autofocus], input[name=typed], button");
    if (first) first.focus();
  }

  function reveal(typed) {
    var card = local.card;
    var grading = window.SaebomGrading;
    var suggested = null;
    var verdict = null;
    if (typed !== null && grading && local.pack.grading_rules) {
      grading.setRules(local.pack.grading_rules);
      verdict = grading.spelling(card.accepted, typed, local.pack.spellings || {});
      suggested = grading.suggestRating(card.accepted, typed, (Date.now() - local.shownAt) / 1000, local.pack.spellings || {});
    }
    var article = box.querySelector("article.review-card");
    var holder = document.createElement("div");
    holder.innerHTML = card.back;
    article.replaceWith.apply(article, Array.prototype.slice.call(holder.childNodes));
    local.revealed = true;
    if (verdict) showVerdict(typed, verdict);
    showIntervals(card, suggested);
    focusFirst();
  }

  function showVerdict(typed, verdict) {
    var answer = box.querySelector(".review-card__answer");
    var written = answer && answer.querySelector("strong[lang=en]");
    if (written) written.textContent = typed || "—";
    var span = answer && answer.querySelector(".verdict");
    if (span) {
      span.className = "verdict verdict--" + verdict;
      span.textContent = text("verdict" + verdict.charAt(0).toUpperCase() + verdict.slice(1));
    }
  }

  function showIntervals(card, suggested) {
    var scheduling = window.SaebomScheduling;
    var outcomes = scheduling ? scheduling.preview(card.state, Date.now(), local.pack.scheduler, card.id) : {};
    box.querySelectorAll("button[data-rating]").forEach(function (button) {
      var rating = Number(button.dataset.rating);
      var label = button.querySelector(".rating__interval");
      if (!label) {
        label = document.createElement("span");
        label.className = "rating__interval";
        button.appendChild(label);
      }
      var outcome = outcomes[rating];
      label.textContent = outcome ? scheduling.intervalLabel(outcome.intervalSeconds, local.pack.interval_units) : "";
      button.classList.toggle("rating--suggested", rating === suggested);
    });
    var key = box.querySelector('input[name="idempotency_key"]');
    if (key) key.value = window.SaebomOffline.newKey();
  }

  function findCard(pack, id) {
    return ((pack && pack.cards) || []).filter(function (card) {
      return card.id === id;
    })[0];
  }

  // Keep one rating: the outbox item, and the card's state in the pack moved on
  // as the server will move it (a card the pack lacks is only sent).
  function keep(pack, cardId, rating, key, shownAt) {
    var now = Date.now();
    var card = findCard(pack, cardId);
    var item = {
      kind: "review",
      key: key || window.SaebomOffline.newKey(),
      card_id: cardId,
      rating: rating,
      reviewed_at: now,
      duration_ms: shownAt ? Math.max(0, now - shownAt) : null,
    };
    if (card) {
      if (isNew(card)) pack.new_used = (pack.new_used || 0) + 1;
      card.state = window.SaebomScheduling
        ? window.SaebomScheduling.review(card.state, rating, now, pack.scheduler, card.id)
        : Object.assign({}, card.state, { due: stamp(now + 86400000), last_review: stamp(now) });
    }
    return (card ? DB.savePack(pack) : Promise.resolve()).then(function () {
      return window.SaebomOffline.enqueue(item);
    });
  }

  function rate(rating, key) {
    local.lastId = local.card.id;
    return keep(local.pack, local.card.id, rating, key, local.shownAt).then(show);
  }

  function onSubmit(event) {
    if (!local || !local.card) return;
    event.preventDefault();
    var form = event.target;
    if (!local.revealed) {
      var typed = form.querySelector("input[name=typed]");
      return reveal(typed ? typed.value.trim() : null);
    }
    var submitter = event.submitter || form.querySelector("button[data-rating]:focus");
    if (!submitter || !submitter.dataset.rating) return;
    var key = form.querySelector('input[name="idempotency_key"]');
    rate(Number(submitter.dataset.rating), key && key.value ? key.value : window.SaebomOffline.newKey());
  }

  // Take the session over from the pack; `after` is a card just answered.
  function takeOver(pack, after) {
    if (!pack || !pack.cards) {
      box.replaceChildren(notice(), document.createTextNode(text("noPack")));
      return;
    }
    local = { pack: pack, lastId: after };
    show();
  }

  function inSession(detail) {
    var elt = detail.elt || (detail.requestConfig && detail.requestConfig.elt);
    return elt && box.contains(elt);
  }

  // The rating a request of the session carried, if it was a rating.
  function ratingOf(detail) {
    var config = detail.requestConfig || {};
    var match = ANSWER.exec(config.path || "");
    var form = config.formData;
    var rating = form ? Number(form.get("rating")) : 0;
    if (!match || !(rating >= 1 && rating <= 4)) return null;
    return { card: Number(match[1]), rating: rating, key: form.get("idempotency_key"), shownAt: Number(form.get("shown_at")) };
  }

  // A request of the session could not go (offline) or failed on the way: a rating
  // is kept under the key it was sent with, then the session goes on here.
  // FSRS in the browser and the shared grading rules, loaded now (from the worker's
  // cache when offline); without them a rating is still kept and sent.
  function studyScripts() {
    return window.SaebomOffline.load("review").catch(function () {});
  }

  function failed(event) {
    if (local || taking || !inSession(event.detail)) return;
    taking = true;
    var rated = ratingOf(event.detail);
    studyScripts().then(DB.pack).then(function (pack) {
      var kept = rated ? keep(pack, rated.card, rated.rating, rated.key, rated.shownAt) : Promise.resolve();
      return kept.then(function () {
        taking = false;
        takeOver(pack, rated ? rated.card : null);
      });
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (navigator.onLine || !inSession(event.detail)) return;
    if (local) return event.preventDefault();
    event.preventDefault();
    failed(event);
  });
  function serverSession() {
    local = null;
    window.htmx.ajax("GET", window.location.pathname, { target: "#review-card", swap: "innerHTML" });
  }

  // Back online: what was answered here has been sent; the server's session goes on.
  document.addEventListener("saebom:back-online", function () {
    if (local) serverSession();
  });
  // Answers kept earlier were just sent: the card shown may be one of them.
  document.addEventListener("saebom:synced", function () {
    if (!local && !taking) serverSession();
  });
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  box.addEventListener("submit", onSubmit);
  if (!navigator.onLine) {
    studyScripts()
      .then(DB.pack)
      .then(function (pack) {
        takeOver(pack, null);
      });
  }
})();
