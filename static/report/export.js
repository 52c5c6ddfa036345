// Rapport annuel : « Exporter en PDF » affiche la progression pendant que le serveur compose le PDF,
// puis lance le téléchargement. Sans JavaScript, le bouton reste un simple lien vers le PDF.
(function () {
  "use strict";

  function filenameFrom(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="?([^";]+)"?/.exec(header);
    return match ? match[1] : fallback;
  }

  function show(status, text, isError) {
    status.hidden = false;
    status.classList.toggle("error", Boolean(isError));
    status.querySelector("[data-status-text]").textContent = text;
    status.querySelector("progress").hidden = Boolean(isError) || text.indexOf("…") === -1;
  }

  function exportPdf(link, status) {
    var started = Date.now();
    link.setAttribute("aria-disabled", "true");
    link.classList.add("busy");
    show(status, "Génération du PDF en cours…");
    var timer = window.setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      show(status, "Génération du PDF en cours… (" + seconds + " s)");
    }, 1000);

    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("Le serveur a répondu par l'erreur " + response.status + ".");
        }
        var filename = filenameFrom(response, link.getAttribute("download") || "rapport.pdf");
        return response.blob().then(function (blob) {
          return { blob: blob, filename: filename };
        });
      })
      .then(function (result) {
        var url = URL.createObjectURL(result.blob);
        var anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = result.filename;
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
        show(status, "PDF prêt : le téléchargement de " + result.filename + " a commencé.");
      })
      .catch(function (error) {
        show(status, "La génération du PDF a échoué. " + error.message + " Réessayez dans un instant.", true);
      })
      .finally(function () {
        window.clearInterval(timer);
        link.removeAttribute("aria-disabled");
        link.classList.remove("busy");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var status = document.getElementById("export-status");
    if (!status || !window.fetch) {
      return;
    }
    document.querySelectorAll("a[data-export-pdf]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (link.getAttribute("aria-disabled") !== "true") {
          exportPdf(link, status);
        }
      });
    });
    // Publier compose aussi le PDF : le dire pendant l'attente.
    document.querySelectorAll("form[data-publish]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelector("button").disabled = true;
        show(status, "Publication en cours : composition du PDF…");
      });
    });
  });
})();
