/*
 * scheduling.js: the server's scheduler (progress/scheduler.py) in the browser, so that
 * a review answered offline moves its card, and each button shows its interval, as the
 * server would. tests/progress/test_scheduling_browser.py replays many histories here
 * and in Python and holds the two equal; change one, change the other.
 *
 * Use. Load ts-fsrs (global FSRS) first, as plain scripts or through importScripts in
 * a service worker; this file attaches SaebomScheduling to `self`:
 *   review(state, rating, nowMs, config, cardId)  -> the new state
 *   preview(state, nowMs, config, cardId)         -> {1: {state, intervalSeconds}, ..., 4: ...}
 *   intervalLabel(seconds, units)                 -> "10m", "3일", ...
 * `state` is MemoryState.to_dict() (state 1 Learning, 2 Review, 3 Relearning; step;
 * stability and difficulty, null for a new card; due and last_review as ISO strings;
 * reps) and the returned states have that shape, dates in UTC as Python writes them
 * ("2026-03-01T10:10:00.123000+00:00"). `config` is SchedulerConfig.to_dict() (steps in
 * seconds). `cardId` seeds the fuzz; without one there is none, as on the server.
 * `units` is review_session.interval_units() of the learner's language: templates
 * keyed m, h, d, mo, y holding "%(count)s"; without it the labels are English.
 *
 * Rules, the server's:
 * - A review belongs to the learner's day: the local date in config.time_zone,
 *   starting at config.day_rollover_hour. FSRS counts days elapsed as the difference
 *   of those day numbers (Anki's day), not as whole 24-hour periods.
 * - A card reaching Review is due at the start of a learner's day; a learning or
 *   relearning card is due at the real time its step ends.
 * - The memory maths (difficulty, stability, retrievability, the interval for a
 *   stability) is ts-fsrs's FSRSAlgorithm, with its fuzz off. The way a card moves
 *   through learning steps is py-fsrs 6's, restated here: ts-fsrs's own scheduler
 *   counts steps in whole minutes, has a New state and floors a first stability at
 *   0.1, where py-fsrs keeps seconds, starts a card as Learning step 0 and floors at
 *   0.001.
 * - ts-fsrs rounds stability and difficulty to 8 decimals at each step and caps
 *   stability at 36500 days; py-fsrs does neither. Above the cap, py-fsrs's formula is
 *   restated here; the rounding stays, so stability and difficulty agree to 1e-6
 *   relative or 1e-8 absolute, and days, steps and dates agree exactly.
 * - The fuzz is scheduler.py's: Anki's range for the interval, a floor, and a draw
 *   hashed from (card id, reps) with 32-bit arithmetic (fuzzDraw = fuzz_draw).
 */
(function (root) {
  "use strict";
  var LEARNING = 1;
  var REVIEW = 2;
  var RELEARNING = 3;
  var DAY_MS = 86400000;
  var HOUR_MS = 3600000;
  var STABILITY_MIN = 0.001;
  var S_MAX = 36500; // ts-fsrs's cap on stability, in days
  var FUZZ_RANGES = [
    { start: 2.5, end: 7, factor: 0.15 },
    { start: 7, end: 20, factor: 0.1 },
    { start: 20, end: Infinity, factor: 0.05 },
  ];
  var ENGLISH_UNITS = { m: "%(count)sm", h: "%(count)sh", d: "%(count)sd", mo: "%(count)smo", y: "%(count)sy" };
  var algorithms = {};
  var formatters = {};

  /* Python's round(): halves go to the even neighbour. */
  function pyRound(x) {
    var floor = Math.floor(x);
    var rest = x - floor;
    if (rest < 0.5) return floor + 0;
    if (rest > 0.5) return floor + 1;
    return floor % 2 === 0 ? floor + 0 : floor + 1;
  }

  /* f"{x:.1f}" without a trailing ".0". toFixed breaks an exact tie upwards and Python
     to the even digit; the only exact ties at one decimal are k + 0.25 and k + 0.75,
     and only the first differs. */
  function oneDecimal(x) {
    var quarters = x * 4;
    var text = quarters === Math.floor(quarters) && quarters % 4 === 1
      ? (Math.floor(x * 10) / 10).toFixed(1)
      : x.toFixed(1);
    return text.slice(-2) === ".0" ? text.slice(0, -2) : text;
  }

  function fuzzDraw(cardId, reps) {
    var text = String(cardId) + ":" + String(reps);
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  }

  /* The learner's clock (accounts/clock.py), on Intl's time zone data. */

  function formatter(zone) {
    if (!formatters[zone]) {
      formatters[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric",
      });
    }
    return formatters[zone];
  }

  function utcMs(year, month, day, hour, minute, second) {
    var date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
    date.setUTCFullYear(year); // Date.UTC reads years 0-99 as 1900-1999
    return date.getTime();
  }

  /* The wall clock in `zone` at the instant `ms`, to the second, as a UTC ms count. */
  function wallMs(ms, zone) {
    var parts = {};
    formatter(zone).formatToParts(new Date(ms)).forEach(function (part) {
      parts[part.type] = Number(part.value);
    });
    return utcMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second);
  }

  function offsetMs(ms, zone) {
    return wallMs(ms, zone) - Math.floor(ms / 1000) * 1000;
  }

  /* The learner's day number (days since 1970-01-01) of the instant `ms`. */
  function ankiDay(ms, config) {
    var wall = wallMs(ms, config.time_zone);
    var day = Math.floor(wall / DAY_MS);
    return wall - day * DAY_MS < config.day_rollover_hour * HOUR_MS ? day - 1 : day;
  }

  /* The instant (ms) at which learner day `day` begins: the rollover hour of that local
     date. As zoneinfo reads a wall time (fold 0): in a repeated hour, the first; in a
     skipped hour, the offset in force before the change. */
  function dayStart(day, config) {
    var zone = config.time_zone;
    var wall = day * DAY_MS + config.day_rollover_hour * HOUR_MS;
    var before = offsetMs(wall - DAY_MS, zone);
    var after = offsetMs(wall + DAY_MS, zone);
    if (offsetMs(wall - before, zone) === before) return wall - before;
    if (offsetMs(wall - after, zone) === after) return wall - after;
    return wall - before;
  }

  /* Dates as Python's datetime.isoformat() writes a UTC datetime. */
  function isoformat(ms) {
    var text = new Date(ms).toISOString();
    var millis = ((ms % 1000) + 1000) % 1000;
    return text.slice(0, 19) + (millis ? text.slice(19, 23) + "000" : "") + "+00:00";
  }

  var ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|([+-])(\d\d):(\d\d)(?::(\d\d))?)$/;

  /* An ISO string with an offset to ms; microseconds are cut, which never moves a
     moment into another day. */
  function parseIso(text) {
    var m = ISO.exec(text);
    if (!m) throw new Error("Not a timezone-aware ISO date: " + text);
    var ms = utcMs(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] || 0));
    ms += Number(((m[7] || "") + "000").slice(0, 3));
    if (m[8] !== "Z") {
      var offset = ((+m[10] * 60 + +m[11]) * 60 + +(m[12] || 0)) * 1000;
      ms -= m[9] === "-" ? -offset : offset;
    }
    return ms;
  }

  /* FSRS-6's memory maths, ts-fsrs's (see the header for what is restated). */

  function algorithmFor(config) {
    var key = JSON.stringify([config.parameters, config.desired_retention, config.maximum_interval]);
    if (!algorithms[key]) {
      if (!root.FSRS) throw new Error("Load ts-fsrs (global FSRS) before scheduling.js is used.");
      // Short-term mode off and no relearning steps: ts-fsrs then clamps the parameters
      // to py-fsrs's bounds only (which the server has checked) and changes none; the
      // same-day stability is asked for directly below.
      algorithms[key] = new root.FSRS.FSRSAlgorithm({
        w: config.parameters.slice(), request_retention: config.desired_retention,
        maximum_interval: config.maximum_interval, enable_fuzz: false,
        enable_short_term: false, learning_steps: [], relearning_steps: [],
      });
    }
    return algorithms[key];
  }

  /* py-fsrs's stability formulas, restated for the results ts-fsrs holds at its cap of
     S_MAX days (a century), which py-fsrs does not have. */
  var uncapped = {
    shortTerm: function (w, s, rating) {
      var increase = Math.exp(w[17] * (rating - 3 + w[18])) * Math.pow(s, -w[19]);
      return s * (rating > 1 ? Math.max(increase, 1) : increase);
    },
    forget: function (w, d, s, r) {
      var forgot = w[11] * Math.pow(d, -w[12]) * (Math.pow(s + 1, w[13]) - 1) * Math.exp((1 - r) * w[14]);
      return Math.min(forgot, s / Math.exp(w[17] * w[18]));
    },
    recall: function (w, d, s, r, rating) {
      var bonus = rating === 2 ? w[15] : rating === 4 ? w[16] : 1;
      return s * (1 + Math.exp(w[8]) * (11 - d) * Math.pow(s, -w[9]) * (Math.exp((1 - r) * w[10]) - 1) * bonus);
    },
  };

  /* py-fsrs's next stability for a card with one; `days` is learner days since the last
     review, or null for none. */
  function nextStability(algorithm, w, card, rating, days) {
    var s = card.stability;
    var d = card.difficulty;
    var r = days === null ? 0 : algorithm.forgetting_curve(Math.max(0, days), s);
    var stability;
    if (days !== null && days < 1) {
      stability = algorithm.next_short_term_stability(s, rating);
      if (stability >= S_MAX) stability = uncapped.shortTerm(w, s, rating);
    } else if (rating === 1) {
      stability = Math.min(algorithm.next_forget_stability(d, s, r), s / Math.exp(w[17] * w[18]));
      if (stability >= S_MAX) stability = uncapped.forget(w, d, s, r);
    } else {
      stability = algorithm.next_recall_stability(d, s, r, rating);
      if (stability >= S_MAX) stability = uncapped.recall(w, d, s, r, rating);
    }
    return Math.max(stability, STABILITY_MIN);
  }

  /* py-fsrs's update of stability and difficulty. */
  function nextMemory(algorithm, w, card, rating, days) {
    if (card.stability == null || card.difficulty == null) {
      return {
        stability: Math.max(w[rating - 1], STABILITY_MIN),
        difficulty: Math.min(Math.max(algorithm.init_difficulty(rating), 1), 10),
      };
    }
    return {
      stability: nextStability(algorithm, w, card, rating, days),
      difficulty: algorithm.next_difficulty(card.difficulty, rating),
    };
  }

  /* py-fsrs's moves through the steps: {state, step, seconds} for a step, or
     {state: REVIEW, step: null} for a whole number of days still to be worked out. */
  function nextStep(card, rating, config) {
    var graduated = { state: REVIEW, step: null };
    if (card.state === REVIEW) {
      if (rating === 1 && config.relearning_steps.length) {
        return { state: RELEARNING, step: 0, seconds: config.relearning_steps[0] };
      }
      return graduated;
    }
    var steps = card.state === LEARNING ? config.learning_steps : config.relearning_steps;
    var step = card.step || 0;
    if (!steps.length || (step >= steps.length && rating > 1)) return graduated;
    if (rating === 1) return { state: card.state, step: 0, seconds: steps[0] };
    if (rating === 2) {
      var hard = step > 0 ? steps[step] : steps.length === 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2;
      return { state: card.state, step: step, seconds: hard };
    }
    if (rating === 3 && step + 1 < steps.length) {
      return { state: card.state, step: step + 1, seconds: steps[step + 1] };
    }
    return graduated;
  }

  /* scheduler._fuzzed_days: Anki's range around `days`, not below the days already
     waited, drawn by fuzzDraw. */
  function fuzzedDays(days, elapsed, maximum, cardId, reps) {
    if (days < 2.5) return days;
    var delta = 0;
    FUZZ_RANGES.forEach(function (range) {
      delta += range.factor * Math.max(Math.min(days, range.end) - range.start, 0);
    });
    var low = Math.max(2, pyRound(days - delta));
    var high = Math.min(pyRound(days + delta), maximum);
    if (days > elapsed) low = Math.max(low, elapsed + 1);
    low = Math.min(low, high);
    return Math.floor(fuzzDraw(cardId, reps) * (high - low + 1) + low);
  }

  /* When the card is next due (ms) and after how many seconds, as scheduler._answer. */
  function nextDue(next, memory, card, today, lastDay, nowMs, config, cardId) {
    if (next.state !== REVIEW) return { due: nowMs + next.seconds * 1000, seconds: next.seconds };
    var days = algorithmFor(config).next_interval(memory.stability, 0);
    if (config.enable_fuzzing && cardId !== null && cardId !== undefined) {
      var elapsed = lastDay === null ? 0 : today - lastDay;
      days = fuzzedDays(days, elapsed, config.maximum_interval, cardId, card.reps || 0);
    }
    return { due: dayStart(today + days, config), seconds: days * 86400 };
  }

  function answer(card, rating, nowMs, config, cardId) {
    if ([1, 2, 3, 4].indexOf(rating) < 0) throw new Error("A rating is 1-4, not " + rating);
    var today = ankiDay(nowMs, config);
    var lastDay = card.last_review ? ankiDay(parseIso(card.last_review), config) : null;
    var days = lastDay === null ? null : today - lastDay;
    var memory = nextMemory(algorithmFor(config), config.parameters, card, rating, days);
    var next = nextStep(card, rating, config);
    var when = nextDue(next, memory, card, today, lastDay, nowMs, config, cardId);
    return {
      state: {
        state: next.state, step: next.step, stability: memory.stability,
        difficulty: memory.difficulty, due: isoformat(when.due), last_review: isoformat(nowMs),
        reps: (card.reps || 0) + 1,
      },
      intervalSeconds: when.seconds,
    };
  }

  function review(state, rating, nowMs, config, cardId) {
    return answer(state, rating, nowMs, config, cardId).state;
  }

  function preview(state, nowMs, config, cardId) {
    var options = {};
    [1, 2, 3, 4].forEach(function (rating) {
      options[rating] = answer(state, rating, nowMs, config, cardId);
    });
    return options;
  }

  /* review_session.interval_label, with the units of review_session.interval_units. */
  function intervalLabel(seconds, units) {
    units = units || ENGLISH_UNITS;
    function fill(template, count) {
      return template.split("%(count)s").join(String(count));
    }
    if (seconds < 3600) return fill(units.m, Math.max(1, pyRound(seconds / 60)));
    if (seconds < 86400) return fill(units.h, pyRound(seconds / 3600));
    var days = seconds / 86400;
    if (days < 30) return fill(units.d, pyRound(days));
    if (days < 365) return fill(units.mo, oneDecimal(days / 30));
    return fill(units.y, oneDecimal(days / 365));
  }

  root.SaebomScheduling = {
    review: review,
    preview: preview,
    intervalLabel: intervalLabel,
    ankiDay: ankiDay,
    dayStart: dayStart,
    fuzzDraw: fuzzDraw,
  };
})(typeof self !== "undefined" ? self : this);
