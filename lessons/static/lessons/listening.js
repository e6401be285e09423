// Listening exercises: a speaker button names its exercise, never the text it
// plays (that text is the answer). Pressed, it plays the rendered MP3 behind its
// data-listen URL, loaded only then. While the exercise has no audio (404) or the
// file fails to load, the text is fetched from the pair's data-speech-text and the
// browser's speech synthesis speaks it at the button's data-rate; with neither, the
// exercise says it cannot play.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  var playing = null;

  function unavailable(button) {
    var block = button.closest(".exercise");
    var note = block && block.querySelector(".speech-unavailable");
    if (note) note.hidden = false;
  }

  function speak(button) {
    var pair = button.closest("[data-speech-text]");
    if (!synth || !Utterance || !pair) return unavailable(button);
    fetch(pair.dataset.speechText, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var utterance = new Utterance(data.text);
        utterance.lang = "en-US";
        utterance.rate = parseFloat(button.dataset.rate || "0.9");
        synth.cancel();
        synth.speak(utterance);
      })
      .catch(function () {
        unavailable(button);
      });
  }

  function audioOf(button) {
    var audio = button.nextElementSibling;
    if (audio && audio.classList.contains("speak__audio")) return audio;
    audio = document.createElement("audio");
    audio.className = "speak__audio";
    audio.preload = "auto";
    audio.src = button.dataset.listen;
    audio.addEventListener("error", function () {
      button.dataset.noAudio = "true";
      speak(button);
    });
    button.after(audio);
    return audio;
  }

  function play(button) {
    if (playing) playing.pause();
    if (synth) synth.cancel();
    if (button.dataset.noAudio) return speak(button);
    playing = audioOf(button);
    playing.currentTime = 0;
    var started = playing.play();
    if (started && started.catch) started.catch(function () {});
  }

  document.querySelectorAll("[data-listen]").forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-listen]");
    if (button) {
      event.preventDefault();
      play(button);
    }
  });
})();
