// Review session keys: 1-4 press the rating buttons (lessons/speech.js plays the words).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    var button = document.querySelector('#review-card [data-rating="' + event.key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    var focus = document.querySelector("#review-card [autofocus]");
    if (focus) focus.focus();
  });
})();
