// Word order: turn the shuffled words into buttons that build the sentence.
// Without this script the learner types the sentence into the same field.
(function () {
  "use strict";
  document.querySelectorAll("[data-word-order]").forEach(function (root) {
    var input = root.querySelector("[data-word-order-input]");
    var clear = root.querySelector("[data-word-order-clear]");
    var buttons = [];
    root.querySelectorAll(".word-token").forEach(function (token) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "word-token word-token--button";
      button.textContent = token.textContent;
      button.addEventListener("click", function () {
        input.value = (input.value.trim() + " " + button.textContent).trim();
        button.disabled = true;
      });
      token.replaceWith(button);
      buttons.push(button);
    });
    clear.hidden = false;
    clear.addEventListener("click", function () {
      input.value = "";
      buttons.forEach(function (button) {
        button.disabled = false;
      });
      input.focus();
    });
  });
})();
