// Speaker buttons. Pressed, a button plays its text's rendered MP3: the audio
// element is made only then, from the script's data-audio-url (a redirect to the
// file, normal or slow), so a page loads no audio before a press. Where there is
// no file yet (404) or it fails to load, the browser's own speech synthesis speaks
// the text at the button's data-rate; where that is missing too, an exercise says
// it cannot play. A slow button speaks the text of the button beside it
// (.speak-pair). Buttons that htmx swaps in (review cards) are shown the same way.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  var canSynthesize = Boolean(synth && Utterance);
  var script = document.currentScript;
  var audioUrl = script ? script.dataset.audioUrl : "";
  var SELECTOR = "[data-speak], [data-speak-from], .speak--slow";
  var playing = null;

  function speaker(button) {
    var pair = button.closest(".speak-pair");
    return !button.dataset.speak && pair ? pair.querySelector("[data-speak]") : button;
  }

  function textOf(button) {
    if (button.dataset.speakFrom) {
      var source = document.getElementById(button.dataset.speakFrom);
      return source ? source.textContent.trim() : "";
    }
    return speaker(button).dataset.speak || "";
  }

  function synthesize(button) {
    if (!canSynthesize) {
      var block = button.closest(".exercise");
      var note = block && block.querySelector(".speech-unavailable");
      if (note) note.hidden = false;
      return;
    }
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
    var slow = button.classList.contains("speak--slow") ? "&speed=slow" : "";
    audio.src = audioUrl + "?text=" + encodeURIComponent(textOf(button)) + slow;
    audio.addEventListener("error", function () {
      button.dataset.noAudio = "true";
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
    if (!audioUrl || button.dataset.speakFrom || button.dataset.noAudio) {
      return synthesize(button);
    }
    playing = audioOf(button);
    playing.currentTime = 0;
    var started = playing.play();
    if (started && started.catch) started.catch(function () {});
  }

  function reveal(root) {
    root.querySelectorAll(SELECTOR).forEach(function (button) {
      if (canSynthesize || (audioUrl && !button.dataset.speakFrom)) button.hidden = false;
    });
    if (!canSynthesize && !audioUrl) {
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
