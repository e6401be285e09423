/*
 * grading.js: exercise answers and typed review answers graded in the browser
 * with the server's rules, so an answer given offline is marked as the server
 * will mark it.
 *
 * A port of lessons/exercises/ (text.py, base.py and one grader per type) and
 * progress/typing_grade.py. The constants of the rules are not written here:
 * they are the data of lessons/static/lessons/grading_rules.json, the one file
 * the server reads too; tests/lessons/grading_cases.json holds both sides to
 * the same results (tests/lessons/test_grading_*.py).
 *
 * Use (a page, or a service worker through importScripts: it attaches to self):
 *   SaebomGrading.setRules(rules)        the parsed grading_rules.json, once;
 *   SaebomGrading.loadRules(url)         or fetch it: a Promise of SaebomGrading;
 *   var answer = SaebomGrading.parse(type, fields);   fields: {name: [strings]}
 *   var grade = SaebomGrading.grade(type, value, answer, spellings);
 *     value: the block's raw JSON (block.block.get_prep_value(block.value));
 *     spellings: {british: american} (the offline pack's "spellings");
 *     grade: {score, parts, expected, correct, nearly, alternative, feedback}.
 *   SaebomGrading.suggestRating(accepted, typed, seconds, spellings) -> 1..4.
 * An answer of the wrong shape throws an Error whose name is
 * "AnswerFormatError" and whose code names the problem (a key of the rules'
 * answer_errors, whose value is the server's English message for it).
 *
 * Python's text rules are matched exactly: lengths and typo distances count
 * code points, not UTF-16 units; case is folded as str.casefold() folds it;
 * whitespace is stripped as str.strip() strips it; a field number is Python's
 * \d (any decimal digit) before the digits rule refuses it; dictation aligns
 * words with a port of difflib.SequenceMatcher (no junk, no autojunk).
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
  var DIGITS = /^[0-9]{1,19}$/;
  var LARGEST = "9223372036854775807";
  var ALPHA = /^\p{L}+$/u;
  var ALNUM = /[\p{L}\p{N}]/u;
  var BLANK = /\[\[([^\[\]]+)\]\]/g;
  // Python's re: \d is any decimal digit and $ also matches before a final newline.
  var BLANK_FIELD = /^blank-(\p{Nd}+)\n?$/u;
  var MATCH_FIELD = /^match-(\p{Nd}+)\n?$/u;
  var RATING = { again: 1, hard: 2, good: 3, easy: 4 };

  function own(object, key) {
    return object != null && Object.prototype.hasOwnProperty.call(object, key);
  }

  function answerError(code) {
    var error = new Error((rules && rules.answer_errors && rules.answer_errors[code]) || code);
    error.name = "AnswerFormatError";
    error.code = code;
    return error;
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

  // --- reading form data (base.py) ----------------------------------------

  function values(fields, name) {
    var found = own(fields, name) ? fields[name] : [];
    found = typeof found === "string" ? [found] : found;
    if (!Array.isArray(found)) throw answerError("unreadable");
    var longest = rules.answers.max_text_length;
    found.forEach(function (v) {
      if (typeof v !== "string" || codePoints(v).length > longest || v.indexOf("\u0000") !== -1) {
        throw answerError("unreadable");
      }
    });
    return found.slice();
  }

  function single(fields, name) {
    var found = values(fields, name);
    if (found.length !== 1) throw answerError("wrong_count");
    return found[0];
  }

  // accounts.request_values.whole_number after strip(): ASCII digits, at most 2**63 - 1.
  function index(raw) {
    var digits = strip(raw);
    if (!DIGITS.test(digits) || (digits.length === LARGEST.length && digits > LARGEST)) {
      throw answerError("not_a_number");
    }
    return Number(digits);
  }

  function numbered(fields, pattern) {
    var found = {};
    Object.keys(fields).forEach(function (key) {
      var match = pattern.exec(key);
      if (match) found[index(match[1])] = single(fields, key);
    });
    var numbers = Object.keys(found);
    if (!numbers.every(function (n, i) { return own(found, String(i)); })) {
      throw answerError("missing_parts");
    }
    return numbers.map(function (n, i) {
      return found[i];
    });
  }

  // --- the block's raw JSON ----------------------------------------------------

  function attr(item, name) {
    var found = own(item, name) ? item[name] : "";
    return found === null || found === undefined ? "" : found;
  }

  // A ListBlock's raw items are {type: "item", value, id}; older ones are the values.
  function items(list) {
    return Array.from(list || []).map(function (item) {
      var wrapped = item && typeof item === "object" && own(item, "id") && own(item, "value");
      return wrapped && item.type === "item" ? item.value : item;
    });
  }

  function field(value, name) {
    if (!own(value, name)) throw answerError("does_not_fit");
    return value[name];
  }

  // --- grades (base.py: Marks and graded) -----------------------------------

  function marks(parts, expected, alternative, nearly) {
    return { parts: parts, expected: expected, alternative: !!alternative, nearly: !!nearly };
  }

  function graded(value, found) {
    var right = found.parts.filter(Boolean).length;
    var score = found.parts.length ? right / found.parts.length : 0;
    var feedback = value[score === 1 ? "feedback_right" : "feedback_wrong"];
    return {
      score: score,
      parts: found.parts,
      expected: found.expected,
      correct: score === 1,
      nearly: found.nearly,
      alternative: score === 1 && found.alternative,
      feedback: feedback || rules.feedback[score === 1 ? "right" : "wrong"],
    };
  }

  function gradedChoice(value, answer, options, heard, notAnOption, spellings) {
    var choice = normalise(answer.choice, spellings);
    var known = options.map(function (option) {
      return normalise(option, spellings);
    });
    if (known.indexOf(choice) === -1) throw answerError(notAnOption);
    return graded(value, marks([choice === normalise(heard, spellings)], [heard]));
  }

  // --- the exercise types -------------------------------------------------

  var multipleChoice = {
    parse: function (fields) {
      var chosen = values(fields, "choice");
      if (!chosen.length) throw answerError("no_choice");
      var numbers = chosen.map(index).filter(function (n, i, all) {
        return all.indexOf(n) === i;
      });
      return { choices: numbers.sort(function (a, b) { return a - b; }) };
    },
    grade: function (value, answer) {
      var choices = items(field(value, "choices"));
      var key = choices.map(function (choice) { return !!attr(choice, "correct"); });
      var chosen = answer.choices;
      if (chosen.some(function (i) { return i >= key.length; })) throw answerError("not_an_option");
      var expected = choices
        .filter(function (c, i) { return key[i]; })
        .map(function (c) { return attr(c, "text"); });
      var rightCount = key.filter(Boolean).length;
      if (rightCount === 1) {
        return graded(value, marks([chosen.length === 1 && chosen[0] === key.indexOf(true)], expected));
      }
      var parts = key.map(function (right, i) { return (chosen.indexOf(i) !== -1) === right; });
      return graded(value, marks(parts, expected));
    },
  };

  function blanks(text) {
    var found = [];
    String(text).replace(BLANK, function (whole, inside) {
      found.push(inside.split("|").map(strip).filter(Boolean));
      return whole;
    });
    return found;
  }

  var gapFill = {
    parse: function (fields) {
      return { blanks: numbered(fields, BLANK_FIELD) };
    },
    grade: function (value, answer, spellings) {
      var accepted = blanks(field(value, "text"));
      var given = answer.blanks;
      if (given.length !== accepted.length) throw answerError("blank_count");
      var found = given.map(function (text, i) { return spelling(accepted[i], text, spellings); });
      var parts = found.map(function (verdict) { return verdict !== "wrong"; });
      var expected = accepted.map(function (alts) {
        if (!alts.length) throw answerError("does_not_fit"); // Python: alts[0] raises IndexError
        return alts[0];
      });
      return graded(value, marks(parts, expected, false, found.indexOf("close") !== -1));
    },
  };

  var matching = {
    parse: function (fields) {
      return {
        matches: numbered(fields, MATCH_FIELD).map(function (raw) {
          return strip(raw) ? index(raw) : null;
        }),
      };
    },
    grade: function (value, answer, spellings) {
      var pairs = items(field(value, "pairs"));
      var rights = pairs.map(function (pair) { return normalise(String(attr(pair, "right")), spellings); });
      var chosen = answer.matches;
      var misfit = chosen.some(function (j) { return j !== null && j >= rights.length; });
      if (chosen.length !== rights.length || misfit) throw answerError("match_count");
      var parts = chosen.map(function (j, i) { return j !== null && rights[j] === rights[i]; });
      var expected = pairs.map(function (p) { return attr(p, "left") + " = " + attr(p, "right"); });
      return graded(value, marks(parts, expected));
    },
  };

  function positions(key, given) {
    var parts = key.map(function (word, i) { return i < given.length && given[i] === word; });
    if (given.length > key.length) parts.push(false);
    return parts;
  }

  var wordOrder = {
    parse: function (fields) {
      return { sentence: single(fields, "sentence") };
    },
    grade: function (value, answer, spellings) {
      var given = words(answer.sentence, spellings);
      var orders = [field(value, "sentence")].concat(items(value.alternatives));
      var marked = orders.map(function (order) { return positions(words(order, spellings), given); });
      var share = function (parts) { return parts.filter(Boolean).length / Math.max(parts.length, 1); };
      var best = 0;
      // Strictly greater: the first of equals (the main sentence) wins, as Python's max.
      for (var i = 1; i < marked.length; i++) if (share(marked[i]) > share(marked[best])) best = i;
      return graded(value, marks(marked[best], [value.sentence], best > 0));
    },
  };

  var dictation = {
    parse: function (fields) {
      return { text: single(fields, "text") };
    },
    grade: function (value, answer, spellings) {
      var key = words(field(value, "text"), spellings);
      var found = aligned(key, words(answer.text, spellings));
      var parts = key.map(function (word, i) { return found.hit.indexOf(i) !== -1; });
      for (var n = 0; n < found.extra; n++) parts.push(false);
      return graded(value, marks(parts, [value.text], false, found.near.length > 0));
    },
  };

  // dictation.aligned: key positions typed right, those typed nearly right, extra words.
  function aligned(key, given) {
    var hit = [];
    var near = [];
    var extra = 0;
    var range = function (from, to, into) { for (var i = from; i < to; i++) into.push(i); };
    opcodes(key, given).forEach(function (op) {
      var tag = op[0], i1 = op[1], i2 = op[2], j1 = op[3], j2 = op[4];
      if (tag === "equal") range(i1, i2, hit);
      else if (tag === "replace" && key.slice(i1, i2).join("") === given.slice(j1, j2).join("")) {
        range(i1, i2, near);
      } else if (tag === "replace" && i2 - i1 === j2 - j1) {
        for (var i = i1; i < i2; i++) if (wordClose(key[i], given[j1 + i - i1])) near.push(i);
      } else if (tag === "replace" || tag === "insert") {
        extra += Math.max(0, j2 - j1 - (i2 - i1));
      }
    });
    return { hit: hit.concat(near), near: near, extra: extra };
  }

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

  var listenAndChoose = {
    parse: function (fields) {
      return { choice: single(fields, "choice") };
    },
    grade: function (value, answer, spellings) {
      var options = items(field(value, "choices"));
      return gradedChoice(value, answer, options, field(value, "text"), "not_an_option", spellings);
    },
  };

  var minimalPair = {
    parse: listenAndChoose.parse,
    grade: function (value, answer, spellings) {
      var options = items(field(value, "words"));
      return gradedChoice(value, answer, options, field(value, "answer"), "not_a_word", spellings);
    },
  };

  var TYPES = {
    multiple_choice: multipleChoice,
    gap_fill: gapFill,
    matching: matching,
    word_order: wordOrder,
    dictation: dictation,
    minimal_pair: minimalPair,
    listen_and_choose: listenAndChoose,
  };

  function exercise(type) {
    if (!own(TYPES, type)) throw answerError("not_an_exercise");
    ready();
    return TYPES[type];
  }

  function parse(type, fields) {
    return exercise(type).parse(fields || {});
  }

  // lessons.grading.grade_answer: a value or answer missing what the type needs
  // (Python's KeyError or TypeError) does not fit the exercise.
  function grade(type, value, answer, spellings) {
    var grader = exercise(type).grade;
    try {
      return grader(value, answer, spellings || {});
    } catch (error) {
      if (error instanceof TypeError) throw answerError("does_not_fit");
      throw error;
    }
  }

  // progress/typing_grade.py: right and quick is Easy, right is Good, close is Hard.
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
    words: words,
    normalise: normalise,
    spelling: spelling,
    wordClose: wordClose,
    typoAllowance: typoAllowance,
    typoDistance: typoDistance,
    types: Object.keys(TYPES),
    parse: parse,
    grade: grade,
    suggestRating: suggestRating,
  };
  root.SaebomGrading = api;
})(typeof self !== "undefined" ? self : this);
