// Rapport annuel : une petite barre de mise en forme au-dessus des zones de texte « rich-text ».
// Elle entoure la sélection des balises permises (intertitre, gras, italique, liste, paragraphe) ;
// le serveur nettoie de toute façon le texte à l'enregistrement.
(function () {
  "use strict";

  var ACTIONS = [
    { label: "Intertitre", before: "<h2>", after: "</h2>" },
    { label: "Gras", before: "<strong>", after: "</strong>" },
    { label: "Italique", before: "<em>", after: "</em>" },
    { label: "Paragraphe", before: "<p>", after: "</p>" },
    { label: "Liste à puces", list: "ul" },
    { label: "Liste numérotée", list: "ol" },
  ];

  function wrapSelection(textarea, action) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end);
    var replacement;
    if (action.list) {
      var lines = selected.split(/\n/).filter(function (line) { return line.trim() !== ""; });
      if (lines.length === 0) {
        lines = [""];
      }
      replacement = "<" + action.list + ">\n" + lines.map(function (line) {
        return "  <li>" + line.replace(/^\s*[-•*]\s*/, "") + "</li>";
      }).join("\n") + "\n</" + action.list + ">";
    } else {
      replacement = action.before + selected + action.after;
    }
    textarea.setRangeText(replacement, start, end, "select");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.rich-text").forEach(function (textarea) {
      var toolbar = document.createElement("div");
      toolbar.className = "rich-text-toolbar";
      toolbar.setAttribute("role", "toolbar");
      toolbar.setAttribute("aria-label", "Mise en forme");
      ACTIONS.forEach(function (action) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = action.label;
        button.addEventListener("click", function () { wrapSelection(textarea, action); });
        toolbar.appendChild(button);
      });
      textarea.parentNode.insertBefore(toolbar, textarea);
    });
  });
})();
