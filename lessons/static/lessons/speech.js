// Speaker buttons: play the rendered MP3 (data-audio), fetched only when pressed;
// without one (not rendered yet, or it fails to load), the browser's own speech
// synthesis speaks the text at the button's data-rate. A button with neither stays
// hidden. A slow button speaks the text of the button beside it (.speak-pair).
// Buttons that htmx swaps in (review cards) are shown the same way.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  var canSynthesize = Boolean(synth && Utterance);
  var SELECTOR = "[data-speak], [data-speak-from], .speak--slow";
  var playing = null;

  function textOf(button) {
    var pair = button.closest(".speak-pair");
    if (!button.dataset.speak && pair) button = pair.querySelector("[data-speak]");
    if (button.dataset.speakFrom) {
      var source = document.getElementById(button.dataset.speakFrom);
      return source ? source.textContent.trim() : "";
    }
    return button.dataset.speak || "";
  }

  function synthesize(button) {
    if (!canSynthesize) return;
    var utterance = new Utterance(textOf(button));
    utterance.lang = "en-US";
    utterance.rate = parseFloat(button.dataset.rate || "0.9");
    synth.speak(utterance);
  }

  function audioOf(button) {
    var audio = button.nextElementSibling;
    if (audio && audio.classList.contains("speak__audio")) return audio;
    audio = document.createElement("audio");
    audio.className = "speak__audio";
    audio.preload = "auto";
    audio.src = button.dataset.audio;
    audio.addEventListener("error", function () {
      delete button.dataset.audio;
      synthesize(button);
    });
    button.after(audio);
    return audio;
  }

  function stop() {
    if (playing) playing.pause();
    if (canSynthesize) synth.cancel();
  }

  function play(button) {
    stop();
    if (!button.dataset.audio) return synthesize(button);
    playing = audioOf(button);
    playing.currentTime = 0;
    var started = playing.play();
    if (started && started.catch) started.catch(function () {});
  }

  function reveal(root) {
    root.querySelectorAll(SELECTOR).forEach(function (button) {
      if (button.dataset.audio || canSynthesize) button.hidden = false;
    });
    if (!canSynthesize) {
      root.querySelectorAll(".speech-unavailable").forEach(function (note) {
        note.hidden = false;
      });
    }
  }

  reveal(document);
  document.addEventListener("htmx:afterSwap", function (event) {
    reveal(event.target);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(SELECTOR);
    if (button) {
      event.preventDefault();
      play(button);
    }
  });
})();
