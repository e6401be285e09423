// "Record yourself": beside each speaker button of a word or sentence card, the
// learner records their voice and plays it back next to the model. A recording
// lives in this page's memory only (never in storage of any kind) and is gone
// when the page is left, unless the learner sends it to tutors they choose.
// Without MediaRecorder or getUserMedia no button appears. Cards that htmx swaps
// in (review cards) get their buttons the same way.
(function () {
  "use strict";
  var panel = document.getElementById("voice-recorder");
  var media = navigator.mediaDevices;
  if (!panel || !window.MediaRecorder || !media || !media.getUserMedia) return;

  var CARDS = ".word-card [data-speak], .review-card [data-speak]";
  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];
  var LONGEST_MS = 30000;
  var labels = panel.dataset;
  var dialog = panel.querySelector("dialog");
  var active = null; // {recorder, controls} while recording
  var sending = null; // the controls whose recording the dialog sends

  function supportedType() {
    if (!MediaRecorder.isTypeSupported) return "";
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(TYPES[i])) return TYPES[i];
    }
    return "";
  }

  function button(label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button button--quiet voice__" + action;
    element.dataset.voice = action;
    element.textContent = label;
    return element;
  }

  function addControls(speaker) {
    var pair = speaker.closest(".speak-pair") || speaker;
    if (pair.nextElementSibling && pair.nextElementSibling.classList.contains("voice")) return;
    var controls = document.createElement("span");
    controls.className = "voice";
    controls.dataset.text = speaker.dataset.speak;
    controls.append(button(labels.record, "record"));
    var play = button(labels.play, "play");
    play.hidden = true;
    controls.append(play);
    if (dialog) {
      var send = button(labels.send, "send");
      send.hidden = true;
      controls.append(send);
    }
    var note = document.createElement("span");
    note.className = "voice__note muted";
    note.setAttribute("role", "status");
    controls.append(note);
    pair.after(controls);
  }

  function reveal(root) {
    root.querySelectorAll(CARDS).forEach(addControls);
  }

  function keep(controls, blob) {
    if (controls.voiceUrl) URL.revokeObjectURL(controls.voiceUrl);
    controls.voiceBlob = blob;
    controls.voiceUrl = URL.createObjectURL(blob);
    controls.querySelectorAll("[data-voice=play], [data-voice=send]").forEach(function (b) {
      b.hidden = false;
    });
  }

  function stop() {
    if (active && active.recorder.state !== "inactive") active.recorder.stop();
  }

  function record(controls) {
    if (active) return stop();
    var note = controls.querySelector(".voice__note");
    note.textContent = "";
    media.getUserMedia({ audio: true }).then(function (stream) {
      var type = supportedType();
      var recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      var chunks = [];
      var start = controls.querySelector("[data-voice=record]");
      active = { recorder: recorder, controls: controls };
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", function () {
        // Release the microphone at once: the phone's indicator goes off.
        stream.getTracks().forEach(function (track) { track.stop(); });
        active = null;
        start.textContent = labels.record;
        if (chunks.length) keep(controls, new Blob(chunks, { type: recorder.mimeType || type }));
      });
      recorder.start();
      start.textContent = labels.stop;
      setTimeout(function () {
        if (active && active.recorder === recorder) stop();
      }, LONGEST_MS);
    }).catch(function () {
      note.textContent = labels.denied;
    });
  }

  function play(controls) {
    if (!controls.voiceUrl) return;
    var audio = new Audio(controls.voiceUrl);
    var started = audio.play();
    if (started && started.catch) started.catch(function () {});
  }

  function openSend(controls) {
    sending = controls;
    dialog.querySelector(".voice-send__text").textContent = controls.dataset.text;
    dialog.querySelector(".voice-send__status").textContent = "";
    if (dialog.showModal) dialog.showModal();
    else dialog.setAttribute("open", "");
  }

  function closeSend() {
    if (dialog.close) dialog.close();
    else dialog.removeAttribute("open");
  }

  function send(form) {
    var status = form.querySelector(".voice-send__status");
    var blob = sending && sending.voiceBlob;
    if (!blob) return;
    var data = new FormData(form);
    data.append("text", sending.dataset.text);
    data.append("audio", blob, "recording");
    var controls = sending;
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (answer) {
          status.textContent = answer.message;
          // Sent once: a new recording offers Send again.
          if (response.ok) controls.querySelector("[data-voice=send]").hidden = true;
        });
      })
      .catch(function () { status.textContent = labels.failed; });
  }

  reveal(document);
  document.addEventListener("htmx:afterSwap", function (event) {
    stop();
    reveal(event.target);
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-voice]");
    if (target) {
      var controls = target.closest(".voice");
      var action = target.dataset.voice;
      if (action === "record") record(controls);
      else if (action === "play") play(controls);
      else if (action === "send") openSend(controls);
    } else if (dialog && event.target.closest("[data-close]")) {
      closeSend();
    }
  });
  if (dialog) {
    // While the send dialog is open, the review page's number keys must not rate
    // the card behind it; keys still do what they do inside the dialog.
    document.addEventListener("keydown", function (event) {
      if (dialog.open) event.stopPropagation();
    }, true);
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      send(event.target);
    });
  }
})();
