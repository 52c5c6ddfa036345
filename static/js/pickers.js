/* Our touches on django-autocomplete-light's select2 pickers (no inline script: CSP).
 * - the search box of each picker is labelled like its field, for screen readers;
 * - removing the logged-in member from the team (data-locked) asks first: a stray click must not do it;
 * - a "Créer…" button beside a picker with data-create-url opens a <dialog> with a short form;
 *   the record created there is added to the picker, selected.
 */
(function () {
  "use strict";

  function labelOf(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    return label ? label.textContent.replace("*", "").trim() : "";
  }

  function labelSearchBoxes() {
    document.querySelectorAll("select[data-autocomplete-light-function]").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      var name = labelOf(select);
      container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (input) {
        input.setAttribute("aria-label", "Rechercher : " + name);
      });
      // select2 puts a "clear all" cross inside the chips' <ul> (invalid list, and one stray click
      // empties the field): each chip has its own cross, so it goes.
      container.querySelectorAll(".select2-selection--multiple .select2-selection__clear").forEach(function (cross) {
        cross.remove();
      });
      container.querySelectorAll('[role="combobox"]').forEach(function (box) {
        box.setAttribute("aria-label", name);
      });
      // A single-choice picker shows its choice in a read-only textbox: it is named like its field.
      container.querySelectorAll('.select2-selection__rendered[role="textbox"]').forEach(function (box) {
        box.setAttribute("aria-label", name + " : " + (box.textContent.replace("×", "").trim() || "aucun choix"));
      });
    });
  }

  var LEAVE_TEAM = "Vous retirer de l'équipe présente ? La réunion ne sera plus dans « Mes réunions ».";

  function protectLockedChoice($) {
    $(document).on("select2:unselecting", "select[data-locked]", function (event) {
      var data = event.params && event.params.args && event.params.args.data;
      if (data && String(data.id) === this.getAttribute("data-locked") && !window.confirm(LEAVE_TEAM)) {
        event.preventDefault();
      }
    });
    // The "clear all" cross would drop her too.
    $(document).on("select2:clearing", "select[data-locked]", function (event) {
      var locked = this.querySelector('option[value="' + this.getAttribute("data-locked") + '"]');
      if (locked && locked.selected && !window.confirm(LEAVE_TEAM)) {
        event.preventDefault();
      }
    });
    $(document).on("select2:select select2:unselect select2:open select2:close", labelSearchBoxes);
  }

  function addChoice(select, id, text) {
    var option = new Option(text, id, true, true);
    select.appendChild(option);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    if (window.django && window.django.jQuery) {
      window.django.jQuery(select).trigger("change");
    }
  }

  function setUpDialog() {
    var dialog = document.getElementById("quick-create-dialog");
    if (!dialog) {
      return;
    }
    var target = null;

    function bindForm() {
      var form = dialog.querySelector("form");
      var first = dialog.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "XMLHttpRequest" },
          credentials: "same-origin",
        }).then(function (response) {
          if (response.status === 201) {
            return response.json().then(function (data) {
              addChoice(target, data.id, data.text);
              dialog.close();
              target.focus();
            });
          }
          return response.text().then(function (html) {
            dialog.querySelector(".dialog-body").innerHTML = html;
            bindForm();
          });
        });
      });
    }

    dialog.addEventListener("click", function (event) {
      if (event.target.closest("[data-dialog-close]")) {
        dialog.close();
      }
    });

    document.querySelectorAll("[data-create-for]").forEach(function (button) {
      button.addEventListener("click", function () {
        target = document.getElementById(button.getAttribute("data-create-for"));
        fetch(target.getAttribute("data-create-url"), { credentials: "same-origin" })
          .then(function (response) { return response.text(); })
          .then(function (html) {
            dialog.querySelector(".dialog-body").innerHTML = html;
            dialog.showModal();
            bindForm();
          });
      });
    });
  }

  function addCreateButtons() {
    document.querySelectorAll("select[data-create-url]").forEach(function (select) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small create-button";
      button.setAttribute("data-create-for", select.id);
      button.textContent = select.getAttribute("data-create-label") || "Créer…";
      var field = select.closest(".field");
      (field || select.parentNode).appendChild(button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCreateButtons();
    setUpDialog();
    if (window.jQuery) {
      protectLockedChoice(window.jQuery);
    }
  });
  // select2 redraws its search box and chips on every change: label them again each time.
  new MutationObserver(function (mutations) {
    if (mutations.some(function (mutation) { return mutation.addedNodes.length > 0; })) {
      labelSearchBoxes();
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
