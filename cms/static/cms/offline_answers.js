/*
 * offline_answers.js: an exercise answered on the phone (no connection, or its
 * request failed) is graded here with the shared rules (lessons/grading.js, the
 * table the server's graders read) against the offline pack's copy of the
 * exercise, its feedback shown at once, and the answer kept in the outbox. Loaded
 * by cms/offline.js the first time it is needed, after the grading scripts.
 */
(function () {
  "use strict";
  var offline = window.SaebomOffline;
  var DB = window.SaebomDB;

  function text(name) {
    return offline.text(name);
  }

  function findExercise(pack, pageId, blockId) {
    var lesson = ((pack && pack.lessons) || []).filter(function (found) {
      return found.id === pageId;
    })[0];
    var exercise = lesson
      ? lesson.exercises.filter(function (found) {
          return found.block_id === blockId;
        })[0]
      : null;
    return exercise ? { lesson: lesson, exercise: exercise } : null;
  }

  function gradeHere(found, fields, pack) {
    var grading = window.SaebomGrading;
    if (!found || !grading || !pack.grading_rules) return null;
    grading.setRules(pack.grading_rules);
    try {
      var answer = grading.parse(found.exercise.type, fields);
      return grading.grade(found.exercise.type, found.exercise.value, answer, pack.spellings || {});
    } catch (error) {
      return { error: error };
    }
  }

  function paragraph(className, content) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = content;
    return p;
  }

  // Offline, the next step kept on the phone (after a step asked again: the summary);
  // online, progress.steps' own way on, which asks again what is still wrong.
  function nextUrl(found, form) {
    if (!found) return form.dataset.wayUrl || null;
    var steps = found.lesson.steps;
    var step = found.exercise.step;
    var again = form.querySelector('input[name="again"]');
    return step < steps.length && !again ? steps[step] : found.lesson.summary_url;
  }

  function followWay(event) {
    var way = event.currentTarget.dataset.wayUrl;
    if (!navigator.onLine || !way) return;
    event.preventDefault();
    window.location.assign(way);
  }

  function feedback(grade, found, form) {
    var box = document.createElement("div");
    if (grade && grade.error) {
      box.className = "feedback feedback--error";
      box.setAttribute("role", "alert");
      // A writing answer outside its limits says which; any other, that it was unreadable.
      var code = String(grade.error.code || "").replace(/_(\w)/g, function (whole, c) {
        return c.toUpperCase();
      });
      box.appendChild(paragraph("", (code && text(code)) || text("unreadable")));
      return box;
    }
    if (!grade) {
      box.className = "feedback feedback--kept";
      box.appendChild(paragraph("feedback__verdict", text("keptUngraded")));
    } else if (grade.sent_to_tutor) {
      // Writing: not graded; the outbox sends it to the tutor once online.
      box.className = "feedback feedback--kept";
      box.appendChild(paragraph("feedback__verdict", text("keptForTutor")));
    } else {
      box.className = "feedback " + (grade.correct ? "feedback--right" : "feedback--wrong");
      var verdict = grade.correct ? "✓ " + text("right") : "✗ " + text("wrong");
      if (!grade.correct) verdict += " " + text("score").replace("{percent}", Math.round(grade.score * 100));
      box.appendChild(paragraph("feedback__verdict", verdict));
      if (grade.feedback) box.appendChild(paragraph("", grade.feedback)).lang = "ko";
      if ((!grade.correct || grade.nearly) && grade.expected.length) {
        var expected = paragraph("", text("expected") + " ");
        var english = document.createElement("span");
        english.lang = "en";
        english.textContent = grade.expected.join(" / ");
        expected.appendChild(english);
        box.appendChild(expected);
      }
      box.appendChild(paragraph("muted feedback__kept", text("kept")));
    }
    var url = nextUrl(found, form);
    if (url) {
      var next = document.createElement("p");
      next.className = "feedback__next";
      var link = document.createElement("a");
      link.className = "button";
      link.id = "next-step";
      link.href = url;
      if (form.dataset.wayUrl) link.dataset.wayUrl = form.dataset.wayUrl;
      link.addEventListener("click", followWay);
      link.textContent = text("next");
      next.appendChild(link);
      box.appendChild(next);
    }
    return box;
  }

  // Grade, show, keep: the answer goes to the outbox even when it cannot be graded
  // here (the server grades it when it arrives); an answer that cannot be read does not.
  function answer(target, key, fields, answeredAt) {
    return DB.pack().then(function (pack) {
      var found = findExercise(pack, target.pageId, target.blockId);
      var grade = gradeHere(found, fields, pack);
      var box = document.getElementById("feedback-" + target.blockId);
      if (box) box.replaceChildren(feedback(grade, found, target.form));
      if (grade && grade.error) return;
      target.form.querySelector('input[name="idempotency_key"]').value = offline.newKey();
      return offline.enqueue(offline.answerItem(target, key, fields, answeredAt));
    });
  }

  window.SaebomAnswers = { answer: answer };
})();
