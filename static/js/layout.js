/* Layout helpers loaded on every page (a file, not inline: CSP).
 * - The menu is a <details>: open on wide screens, folded behind "Menu" on phones.
 * - A table wider than its box gets a visible cue and can be scrolled from the keyboard.
 */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 701px)");

  function syncMenu() {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      menu.open = wide.matches;
    });
  }

  function markScrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrollable = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("is-scrollable", scrollable);
      if (scrollable && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tableau défilant");
      }
      wrap.classList.toggle("at-end", wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncMenu();
    markScrollableTables();
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      wrap.addEventListener("scroll", markScrollableTables, { passive: true });
    });
  });
  wide.addEventListener("change", syncMenu);
  window.addEventListener("resize", markScrollableTables);
})();
