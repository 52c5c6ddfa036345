/* The territory editor's running total (a file of ours, not inline: CSP).
 * As communes are ticked, unticked, picked or pasted, the form asks the server (data-territory-summary-url,
 * a JSON read) for the territory it holds now: number of communes, population, size class, and the communes
 * another CPTS already holds ("déjà dans la CPTS X"). Nothing is saved until the form is sent.
 * Without JavaScript the form works as it is: « Chercher » lists communes to tick, saving says the total.
 * Leaving the page with changes not saved asks first (unsaved.js, data-warn-unsaved).
 */
(function () {
  "use strict";

  var numbers = new Intl.NumberFormat("fr-FR");

  function plural(count, word) {
    return numbers.format(count) + " " + word + (count > 1 ? "s" : "");
  }

  function setUp(form) {
    var url = form.getAttribute("data-territory-summary-url");
    var total = document.getElementById("territory-total");
    var figures = document.getElementById("territory-total-figures");
    var claimed = document.getElementById("territory-total-claimed");
    var claimedList = claimed.appendChild(document.createElement("ul"));
    var pasted = form.querySelector("textarea[name=insee_codes]");
    var sequence = 0;
    var timer = null;

    // The search made for browsers without JavaScript gives way to the picker.
    form.querySelectorAll("[data-without-js]").forEach(function (block) {
      block.hidden = true;
      block.querySelectorAll("input, button").forEach(function (input) {
        input.disabled = true;
      });
    });
    total.hidden = false;

    function query() {
      var params = new URLSearchParams();
      form.querySelectorAll("input[name=communes]:checked").forEach(function (box) {
        params.append("communes", box.value);
      });
      form.querySelectorAll("select[name=added] option:checked").forEach(function (option) {
        params.append("added", option.value);
      });
      if (pasted && pasted.value.trim()) {
        params.append("insee_codes", pasted.value);
      }
      return params.toString();
    }

    function show(data) {
      var text = plural(data.commune_count, "commune") + ", " + plural(data.population, "habitant") + " – " + data.size_label;
      if (data.declared_population) {
        text += " (d'après la population déclarée : " + numbers.format(data.declared_population) + " habitants)";
      }
      figures.textContent = text + ".";
      claimedList.replaceChildren();
      data.claimed.forEach(function (commune) {
        var item = document.createElement("li");
        item.textContent = commune.name + " (" + commune.insee_code + ") : " + commune.label;
        claimedList.appendChild(item);
      });
      claimed.hidden = data.claimed.length === 0;
    }

    function update() {
      var mine = ++sequence;
      figures.setAttribute("aria-busy", "true");
      fetch(url + "?" + query(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (mine === sequence) {
            show(data);
          }
        })
        .catch(function () {
          if (mine === sequence) {
            figures.textContent = "Le total n'a pas pu être calculé ; il sera donné à l'enregistrement.";
          }
        })
        .finally(function () {
          figures.removeAttribute("aria-busy");
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    }

    form.addEventListener("change", update);
    if (pasted) {
      pasted.addEventListener("input", later);
    }
    // select2 tells its changes through jQuery's events, which a native listener does not hear: each is sent
    // again as a native event, for the total above and for the warning before leaving unsaved changes.
    var jq = (window.django && window.django.jQuery) || window.jQuery;
    if (jq) {
      jq(form).on("change", "select[name=added]", function (event) {
        if (!event.originalEvent) {
          this.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-territory-summary-url]");
    if (form) {
      setUp(form);
    }
  });
})();
