// Listening exercises (lessons/listening.py): a pressed .listen button plays the
// MP3 behind its pair's data-listen URL (?speed=slow for the slow one), loaded only
// then; without one, the browser speaks the text from data-listen + "?text" at the
// button's data-rate; with neither, the exercise says it cannot play.
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
    if (!synth || !Utterance) return unavailable(button);
    fetch(listenUrl(button) + "?text", { credentials: "same-origin" })
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

  function listenUrl(button) {
    return button.closest("[data-listen]").dataset.listen;
  }

  function audioOf(button) {
    var audio = button.nextElementSibling;
    if (audio && audio.classList.contains("speak__audio")) return audio;
    audio = document.createElement("audio");
    audio.className = "speak__audio";
    audio.preload = "auto";
    var speed = button.dataset.speed;
    audio.src = listenUrl(button) + (speed ? "?speed=" + speed : "");
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

  document.querySelectorAll(".listen").forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".listen");
    if (button) {
      event.preventDefault();
      play(button);
    }
  });
})();
