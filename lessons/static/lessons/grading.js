/*
 * grading.js: exercise answers and typed review answers graded in the browser
 * with the server's rules, so an answer given offline is marked as the server
 * will mark it.
 *
 * A port of lessons/exercises/ (base.py and one grader per type). The text
 * rules (text.py: normalise, spelling, the typo allowance) and the rules table
 * are lessons/static/lessons/grading_text.js (SaebomText), which must load
 * first; SaebomGrading passes its text rules on, so callers need only this.
 * tests/lessons/grading_cases.json holds both sides to the same results
 * (tests/lessons/test_grading_*.py).
 *
 * Use (a page, or a worker through importScripts: it attaches to self):
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
 * As in Python, a field number is \d (any decimal digit) before the digits
 * rule refuses it, and dictation aligns words as difflib does (SaebomText.opcodes).
 */
(function (root) {
  "use strict";

  var textRules = root.SaebomText;
  // Loaded alone, every grade would fail later and less clearly: say so now.
  if (!textRules) {
    throw new Error("grading.js needs lessons/grading_text.js (SaebomText) loaded before it");
  }
  var codePoints = textRules.codePoints;
  var strip = textRules.strip;
  var words = textRules.words;
  var normalise = textRules.normalise;
  var spelling = textRules.spelling;
  var wordClose = textRules.wordClose;
  var opcodes = textRules.opcodes;
  var DIGITS = /^[0-9]{1,19}$/;
  var LARGEST = "9223372036854775807";
  var BLANK = /\[\[([^\[\]]+)\]\]/g;
  // Python's re: \d is any decimal digit and $ also matches before a final newline.
  var BLANK_FIELD = /^blank-(\p{Nd}+)\n?$/u;
  var MATCH_FIELD = /^match-(\p{Nd}+)\n?$/u;

  function own(object, key) {
    return object != null && Object.prototype.hasOwnProperty.call(object, key);
  }

  function answerError(code) {
    var rules = textRules.rules();
    var error = new Error((rules && rules.answer_errors && rules.answer_errors[code]) || code);
    error.name = "AnswerFormatError";
    error.code = code;
    return error;
  }

  // --- reading form data (base.py) ----------------------------------------

  function values(fields, name) {
    var found = own(fields, name) ? fields[name] : [];
    found = typeof found === "string" ? [found] : found;
    if (!Array.isArray(found)) throw answerError("unreadable");
    var longest = textRules.rules().answers.max_text_length;
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
      feedback: feedback || textRules.rules().feedback[score === 1 ? "right" : "wrong"],
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

  // type_letter: one letter typed (NFKC, spaces around it dropped); exact case when asked.
  var typeLetter = {
    parse: function (fields) {
      var typed = strip(single(fields, "letter").normalize("NFKC"));
      if (!typed) throw answerError("no_letter");
      return { letter: typed };
    },
    grade: function (value, answer) {
      var key = String(field(value, "answer"));
      var typed = answer.letter;
      var right = value.exact_case ? typed === key : typed.toLowerCase() === key.toLowerCase();
      return graded(value, marks([right], [key]));
    },
  };

  var hearLetter = {
    parse: listenAndChoose.parse,
    grade: function (value, answer, spellings) {
      var options = items(field(value, "choices"));
      return gradedChoice(value, answer, options, field(value, "answer"), "not_an_option", spellings);
    },
  };

  var readSign = {
    parse: listenAndChoose.parse,
    grade: hearLetter.grade,
  };


  // writing.py: not graded by rule; an answer within the word limits is sent to the tutor.
  var writing = {
    parse: function (fields) {
      var text = single(fields, "text");
      if (!words(text, {}).length) throw answerError("no_text");
      return { text: text };
    },
    grade: function (value, answer) {
      var count = words(answer.text, {}).length;
      if (count < field(value, "min_words")) throw answerError("too_few_words");
      if (count > field(value, "max_words")) throw answerError("too_many_words");
      var model = attr(value, "model_answer");
      return {
        score: 1,
        parts: [true],
        expected: model ? [model] : [],
        correct: true,
        nearly: false,
        alternative: false,
        feedback: textRules.rules().feedback.sent,
        sent_to_tutor: true,
      };
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
    type_letter: typeLetter,
    hear_letter: hearLetter,
    read_sign: readSign,
    writing: writing,
  };

  function exercise(type) {
    if (!own(TYPES, type)) throw answerError("not_an_exercise");
    textRules.ready();
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

  // The text rules' table is SaebomText's; these return SaebomGrading, as callers chain.
  function setRules(data) {
    textRules.setRules(data);
    return api;
  }

  function loadRules(url) {
    return textRules.loadRules(url).then(function () {
      return api;
    });
  }

  var api = {
    setRules: setRules,
    loadRules: loadRules,
    words: words,
    normalise: normalise,
    spelling: spelling,
    wordClose: wordClose,
    typoAllowance: textRules.typoAllowance,
    typoDistance: textRules.typoDistance,
    types: Object.keys(TYPES),
    parse: parse,
    grade: grade,
    suggestRating: textRules.suggestRating,
  };
  root.SaebomGrading = api;
})(typeof self !== "undefined" ? self : this);
