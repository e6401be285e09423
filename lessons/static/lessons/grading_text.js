/*
 * grading_text.js: how free text is compared in the browser, with the
 * server's rules: the rules table, normalise, the spelling rule and its typo
 * distance and allowance, and the rating suggested for a typed review.
 *
 * A port of lessons/exercises/text.py and progress/typing_grade.py, with the
 * part of Python's difflib that dictation.py aligns words with (opcodes). The
 * constants of the rules are not written here: they are the data of
 * lessons/static/lessons/grading_rules.json, the one file the server reads
 * too. lessons/static/lessons/grading.js grades the exercise types with these
 * rules and is what pages and workers call (SaebomGrading); load this file
 * first. tests/lessons/grading_cases.json holds both sides to the same results.
 *
 * Use (a page, or a worker through importScripts: it attaches to self):
 *   SaebomText.setRules(rules)         the parsed grading_rules.json, once;
 *   SaebomText.loadRules(url)          or fetch it: a Promise of SaebomText;
 *   SaebomText.rules()                 the table set, or null before it is;
 *   SaebomText.spelling(accepted, typed, spellings) -> "right" | "close" | "wrong";
 *   SaebomText.suggestRating(accepted, typed, seconds, spellings) -> 1..4.
 *
 * Python's text rules are matched exactly: lengths and typo distances count
 * code points, not UTF-16 units; case is folded as str.casefold() folds it;
 * whitespace is stripped as str.strip() strips it; words are aligned as
 * difflib.SequenceMatcher aligns them (no junk, no autojunk).
 */
(function (root) {
  "use strict";

  var rules = null;
  var compiled = null;
  // str.isspace(): what Python's strip() removes (String.prototype.trim differs).
  var SPACE =
    "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var STRIP = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  var SPACES = new RegExp(SPACE + "+");
  var ALPHA = /^\p{L}+$/u;
  var ALNUM = /[\p{L}\p{N}]/u;
  var RATING = { again: 1, hard: 2, good: 3, easy: 4 };

  function own(object, key) {
    return object != null && Object.prototype.hasOwnProperty.call(object, key);
  }

  // --- the rules -------------------------------------------------------------

  function setRules(data) {
    var categories = data.text.separator_categories.map(function (name) {
      return "\\p{" + name + "}";
    });
    compiled = {
      quotes: data.text.quotes,
      kept: data.text.kept_then_dropped,
      fold: data.text.casefold_beyond_lowercase,
      separator: new RegExp("[" + categories.join("") + "]", "gu"),
      bands: data.typo_allowance,
    };
    rules = data;
    return api;
  }

  function loadRules(url) {
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("grading rules not found: " + response.status);
        return response.json();
      })
      .then(setRules);
  }

  function ready() {
    if (!compiled) throw new Error("SaebomGrading: call setRules or loadRules first");
    return compiled;
  }

  function currentRules() {
    return rules;
  }

  // --- text (lessons/exercises/text.py) -----------------------------------

  function codePoints(text) {
    return Array.from(text);
  }

  function strip(text) {
    return text.replace(STRIP, "");
  }

  function mapEach(text, table, otherwise) {
    return codePoints(text)
      .map(function (ch) {
        return own(table, ch) ? table[ch] : otherwise(ch);
      })
      .join("");
  }

  function same(ch) {
    return ch;
  }

  function lower(ch) {
    return ch.toLowerCase();
  }

  function words(text, spellings) {
    var rule = ready();
    text = mapEach(String(text).normalize("NFKC"), rule.quotes, same);
    // str.casefold(): lowercase, one character at a time, and where folding differs.
    text = mapEach(text, rule.fold, lower).normalize("NFKC");
    text = text.replace(rule.separator, function (ch) {
      return ch === rule.kept ? ch : " ";
    });
    return text
      .split(rule.kept)
      .join("")
      .split(SPACES)
      .filter(Boolean)
      .map(function (word) {
        return american(word, spellings);
      });
  }

  // breame's get_american_spelling: lowercase, then the table, kept only when alphabetic.
  function american(word, spellings) {
    var lowered = word.toLowerCase();
    if (own(spellings, lowered)) return spellings[lowered];
    return ALPHA.test(lowered) ? lowered : word;
  }

  function normalise(text, spellings) {
    return words(text, spellings).join(" ");
  }

  function sameWords(a, b) {
    return (
      a.length === b.length &&
      a.every(function (word, i) {
        return word === b[i];
      })
    );
  }

  function spelling(accepted, typed, spellings) {
    var keys = (typeof accepted === "string" ? [accepted] : Array.from(accepted)).map(function (a) {
      return words(a, spellings);
    });
    var given = words(typed, spellings);
    var joined = given.join("");
    if (!given.length || !keys.some(function (key) { return key.length; })) return "wrong";
    if (keys.some(function (key) { return sameWords(key, given); })) return "right";
    var close = keys.some(function (key) {
      return (
        key.length === given.length &&
        key.every(function (word, i) {
          return wordClose(word, given[i]);
        })
      );
    });
    if (close) return "close";
    if (keys.some(function (key) { return key.join("") === joined; })) return "close";
    return "wrong";
  }

  function wordClose(key, typed) {
    return typoDistance(key, typed) <= typoAllowance(key);
  }

  function typoAllowance(word) {
    var letters = codePoints(word).filter(function (ch) {
      return ALNUM.test(ch);
    }).length;
    var bands = ready().bands;
    for (var i = 0; i < bands.length; i++) {
      if (bands[i].up_to_letters === null || letters <= bands[i].up_to_letters) return bands[i].slips;
    }
    throw new Error("SaebomGrading: the typo allowance has no last band");
  }

  // Optimal-string-alignment distance, over code points.
  function typoDistance(a, b) {
    a = codePoints(a);
    b = codePoints(b);
    var before = null;
    var previous = null;
    var current = [];
    for (var j = 0; j <= b.length; j++) current.push(j);
    for (var i = 1; i <= a.length; i++) {
      before = previous;
      previous = current;
      current = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] !== b[j - 1] ? 1 : 0;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          current[j] = Math.min(current[j], before[j - 2] + 1);
        }
      }
    }
    return current[b.length];
  }

  // --- aligning words (Python's difflib, which dictation.py uses) ---------

  // difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes(), with no junk.
  function opcodes(a, b) {
    var b2j = new Map();
    b.forEach(function (item, j) {
      if (!b2j.has(item)) b2j.set(item, []);
      b2j.get(item).push(j);
    });
    var found = [];
    var queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var q = queue.pop();
      var m = longestMatch(a, b, b2j, q[0], q[1], q[2], q[3]);
      if (m[2]) {
        found.push(m);
        if (q[0] < m[0] && q[2] < m[1]) queue.push([q[0], m[0], q[2], m[1]]);
        if (m[0] + m[2] < q[1] && m[1] + m[2] < q[3]) queue.push([m[0] + m[2], q[1], m[1] + m[2], q[3]]);
      }
    }
    found.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    var blocks = [];
    var i1 = 0, j1 = 0, k1 = 0;
    found.forEach(function (m) {
      if (i1 + k1 === m[0] && j1 + k1 === m[1]) k1 += m[2];
      else {
        if (k1) blocks.push([i1, j1, k1]);
        i1 = m[0]; j1 = m[1]; k1 = m[2];
      }
    });
    if (k1) blocks.push([i1, j1, k1]);
    blocks.push([a.length, b.length, 0]);
    var i = 0, j = 0, answer = [];
    blocks.forEach(function (block) {
      var ai = block[0], bj = block[1], size = block[2];
      var tag = i < ai && j < bj ? "replace" : i < ai ? "delete" : j < bj ? "insert" : "";
      if (tag) answer.push([tag, i, ai, j, bj]);
      i = ai + size;
      j = bj + size;
      if (size) answer.push(["equal", ai, i, bj, j]);
    });
    return answer;
  }

  function longestMatch(a, b, b2j, alo, ahi, blo, bhi) {
    var besti = alo, bestj = blo, bestsize = 0;
    var j2len = new Map();
    for (var i = alo; i < ahi; i++) {
      var next = new Map();
      var places = b2j.get(a[i]) || [];
      for (var n = 0; n < places.length; n++) {
        var j = places[n];
        if (j < blo) continue;
        if (j >= bhi) break;
        var k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti -= 1;
      bestj -= 1;
      bestsize += 1;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize += 1;
    }
    return [besti, bestj, bestsize];
  }

  // --- a typed review (progress/typing_grade.py) ---------------------------

  // Right and quick is Easy, right is Good, close is Hard.
  function suggestRating(accepted, typed, seconds, spellings) {
    var verdict = spelling(accepted, typed, spellings);
    if (verdict === "right") {
      var review = rules.typed_review;
      var length = codePoints(normalise(typed, spellings)).length;
      var quick = review.easy_base_seconds + review.easy_seconds_per_character * length;
      return seconds <= quick ? RATING.easy : RATING.good;
    }
    return verdict === "close" ? RATING.hard : RATING.again;
  }

  var api = {
    setRules: setRules,
    loadRules: loadRules,
    ready: ready,
    rules: currentRules,
    codePoints: codePoints,
    strip: strip,
    words: words,
    normalise: normalise,
    spelling: spelling,
    wordClose: wordClose,
    typoAllowance: typoAllowance,
    typoDistance: typoDistance,
    opcodes: opcodes,
    suggestRating: suggestRating,
  };
  root.SaebomText = api;
})(typeof self !== "undefined" ? self : this);
