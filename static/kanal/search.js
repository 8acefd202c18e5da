// The global search box ({% search_box %}): "/" or Ctrl+K (Cmd+K) focuses it from anywhere, Escape closes
// the typeahead, the arrow keys move between its results. Loaded by base.html; no inline script (CSP).
(function () {
  function box() {
    return document.querySelector("[data-global-search]");
  }
  function panel() {
    return document.getElementById("search-typeahead");
  }
  function links() {
    var p = panel();
    return p ? Array.prototype.slice.call(p.querySelectorAll("a")) : [];
  }
  function close() {
    var p = panel();
    if (p) p.innerHTML = "";
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    var input = box();
    if (!input) return;
    var shortcut =
      (event.key === "/" && !typing(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) ||
      ((event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K"));
    if (shortcut) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    var inside = event.target === input || (panel() && panel().contains(event.target));
    if (!inside) return;
    if (event.key === "Escape") {
      close();
      input.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var items = links();
      if (!items.length) return;
      event.preventDefault();
      var at = items.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) {
        input.focus();
      } else {
        items[Math.min(next, items.length - 1)].focus();
      }
    }
  });

  // A click elsewhere closes the typeahead.
  document.addEventListener("click", function (event) {
    var input = box();
    if (input && !input.closest(".search-box").contains(event.target)) close();
  });
})();
