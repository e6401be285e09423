// VocabularyItem edit form: when the South Korean gloss changes, offer the North
// Korean forms of the Ministry of Unification word pairs as buttons that add
// themselves to the North Korean gloss ("; " between forms). Taking one records the
// pair as the form's source and marks the form attested: the editor has chosen it.
(function () {
  "use strict";

  function forms(value) {
    return value
      .split(";")
      .map(function (form) {
        return form.trim();
      })
      .filter(Boolean);
  }

  function setUp(input) {
    var target = document.getElementById(input.dataset.northFormsTarget);
    var box = document.createElement("div");
    var timer;
    box.className = "north-forms";
    box.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", box);

    function offer(north) {
      box.textContent = "";
      if (!north.length) {
        return;
      }
      var label = document.createElement("p");
      label.textContent = input.dataset.northFormsLabel;
      box.appendChild(label);
      north.forEach(function (form) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary";
        button.textContent = form;
        button.dataset.northForm = form;
        button.addEventListener("click", function () {
          var current = forms(target.value);
          if (current.indexOf(form) === -1) {
            current.push(form);
          }
          target.value = current.join("; ");
          target.dispatchEvent(new Event("change", { bubbles: true }));
          recordSource(input.value.trim(), form);
        });
        box.appendChild(button);
        box.appendChild(document.createTextNode(" "));
      });
    }

    function recordSource(south, north) {
      var status = document.getElementById(input.dataset.northStatusTarget);
      var source = document.getElementById(input.dataset.northSourceTarget);
      if (!status || !source) {
        return;
      }
      var pair = "MOU pair " + south + "→" + north;
      if (source.value.indexOf(pair) === -1) {
        source.value = source.value ? source.value + "; " + pair : pair;
      }
      status.value = "attested";
    }

    function lookUp() {
      var south = input.value.trim();
      if (!south) {
        offer([]);
        return;
      }
      fetch(input.dataset.northFormsUrl + "?south=" + encodeURIComponent(south), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { north: [] };
        })
        .then(function (data) {
          offer(data.north);
        })
        .catch(function () {
          offer([]);
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 300);
    });
    if (input.value) {
      lookUp();
    }
  }

  function setUpAll() {
    document.querySelectorAll("input[data-north-forms-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
