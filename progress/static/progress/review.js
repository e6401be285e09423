// Review session keys: 1-4 press the rating buttons; a speak button reads the word aloud.
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
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-speak]");
    if (!button || !("speechSynthesis" in window)) return;
    var utterance = new SpeechSynthesisUtterance(button.getAttribute("data-speak"));
    utterance.lang = "en-US";
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  });
  document.addEventListener("htmx:afterSwap", function () {
    var focus = document.querySelector("#review-card [autofocus]");
    if (focus) focus.focus();
  });
})();
