// Matching by tapping pairs: tap a left item, then a right item, to pair them;
// tap either one of a pair again to undo it. Each pairing sets the left item's
// hidden <select>, so the form posts what it posts without this script.
(function () {
  "use strict";

  function button(text, lang) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = "match-button";
    made.setAttribute("aria-pressed", "false");
    if (lang) made.lang = lang;
    var label = document.createElement("span");
    label.textContent = text;
    var tag = document.createElement("span");
    tag.className = "match-button__tag";
    tag.setAttribute("aria-hidden", "true");
    made.append(label, tag);
    return made;
  }

  function setUp(root) {
    var selects = Array.prototype.slice.call(root.querySelectorAll("select"));
    var options = Array.prototype.slice.call(selects[0].options).filter(function (o) {
      return o.value !== "";
    });
    var lefts = selects.map(function (select) {
      return button(root.querySelector('label[for="' + select.id + '"]').textContent, "en");
    });
    var rights = options.map(function (option) {
      return button(option.textContent, "");
    });
    var chosen = null;

    function rightOf(index) {
      var value = selects[index].value;
      return value === "" ? -1 : options.findIndex(function (o) { return o.value === value; });
    }

    function draw() {
      var number = 0;
      rights.forEach(function (right) {
        right.classList.remove("match-button--paired");
        right.querySelector(".match-button__tag").textContent = "";
        right.setAttribute("aria-pressed", "false");
      });
      lefts.forEach(function (left, index) {
        var paired = rightOf(index);
        var tag = "";
        if (paired >= 0) {
          number += 1;
          tag = String(number);
          rights[paired].classList.add("match-button--paired");
          rights[paired].querySelector(".match-button__tag").textContent = tag;
          rights[paired].setAttribute("aria-pressed", "true");
          left.setAttribute("aria-description", rights[paired].firstChild.textContent);
        } else {
          left.removeAttribute("aria-description");
        }
        left.querySelector(".match-button__tag").textContent = tag;
        left.classList.toggle("match-button--paired", paired >= 0);
        left.setAttribute("aria-pressed", String(paired >= 0 || chosen === index));
        left.classList.toggle("match-button--chosen", chosen === index);
      });
    }

    lefts.forEach(function (left, index) {
      left.addEventListener("click", function () {
        if (selects[index].value !== "") {
          selects[index].value = "";  // tapping a pair again undoes it
          chosen = null;
        } else {
          chosen = chosen === index ? null : index;
        }
        draw();
      });
    });
    rights.forEach(function (right, position) {
      right.addEventListener("click", function () {
        var value = options[position].value;
        selects.forEach(function (select) {
          if (select.value === value) select.value = "";  // one left item per right item
        });
        if (chosen !== null) {
          selects[chosen].value = value;
          chosen = null;
        }
        draw();
      });
    });

    var board = document.createElement("div");
    board.className = "match-board";
    var hint = document.createElement("p");
    hint.className = "match-board__hint";
    hint.textContent = root.dataset.hint;
    var leftColumn = document.createElement("div");
    var rightColumn = document.createElement("div");
    leftColumn.className = rightColumn.className = "match-board__column";
    leftColumn.append.apply(leftColumn, lefts);
    rightColumn.append.apply(rightColumn, rights);
    board.append(leftColumn, rightColumn);
    root.hidden = true;
    root.after(hint, board);
    draw();
  }

  document.querySelectorAll("[data-matching]").forEach(setUp);
})();
