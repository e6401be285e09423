// Speak English text with the browser's own speech synthesis (no network, no CDN).
// Buttons stay hidden where the browser cannot speak.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  var SELECTOR = "[data-speak], [data-speak-from]";

  if (!synth || !Utterance) {
    document.querySelectorAll(".speech-unavailable").forEach(function (note) {
      note.hidden = false;
    });
    return;
  }

  function textOf(button) {
    if (button.dataset.speakFrom) {
      var source = document.getElementById(button.dataset.speakFrom);
      return source ? source.textContent.trim() : "";
    }
    return button.dataset.speak || "";
  }

  function speak(text) {
    synth.cancel();
    var utterance = new Utterance(text);
    utterance.lang = "en-US";
    utterance.rate = 0.9;
    synth.speak(utterance);
  }

  document.querySelectorAll(SELECTOR).forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(SELECTOR);
    if (button) {
      event.preventDefault();
      speak(textOf(button));
    }
  });
})();
