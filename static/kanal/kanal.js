// Behaviour attached by data attributes, so that no page needs inline event handlers (they are refused by
// the Content-Security-Policy).

// Confirm destructive actions: <button data-confirm="Are you sure?">
document.addEventListener("click", function (event) {
  var el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// Formsets that grow and shrink: <div data-formset="lines"> holds the management form, a <tbody data-rows>,
// a <template data-empty-row> (the formset's empty_form, prefix __prefix__) and a [data-add-row] button.
// Without JavaScript the page still works: it always offers one blank row and a "remove" box per row.
document.addEventListener("click", function (event) {
  var add = event.target.closest("[data-add-row]");
  if (!add) return;
  var box = add.closest("[data-formset]");
  var prefix = box.getAttribute("data-formset");
  var total = box.querySelector("#id_" + prefix + "-TOTAL_FORMS");
  var max = parseInt(box.querySelector("#id_" + prefix + "-MAX_NUM_FORMS").value, 10);
  var index = parseInt(total.value, 10);
  if (index >= max) return;
  var html = box.querySelector("template[data-empty-row]").innerHTML.replace(/__prefix__/g, String(index));
  box.querySelector("[data-rows]").insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var row = box.querySelector("[data-rows]").lastElementChild;
  var first = row && row.querySelector("select, input");
  if (first) first.focus();
});

// Submit a form as soon as a control changes: <select data-autosubmit>
document.addEventListener("change", function (event) {
  var el = event.target.closest("[data-autosubmit]");
  if (el && el.form) {
    el.form.submit();
  }
});

// Select a field's whole text when it gets focus (values to copy): <input readonly data-select-on-focus>
document.addEventListener("focusin", function (event) {
  var el = event.target.closest("[data-select-on-focus]");
  if (el) {
    el.select();
  }
});

// The sidebar (base.html): the menu button collapses it to icons on wide screens (remembered in the
// kanal_sidebar cookie, read by the server so the next page starts that way) and opens it as a drawer over
// the page on narrow ones (Escape, the backdrop or a link closes it; focus moves in and back out).
(function () {
  var button = document.getElementById("nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (!button || !sidebar) return;
  var backdrop = document.querySelector("[data-nav-close]");
  var narrow = window.matchMedia("(max-width: 61.99rem)");
  var body = document.body;

  function sync() {
    if (narrow.matches) {
      button.setAttribute("aria-expanded", body.classList.contains("nav-open") ? "true" : "false");
    } else {
      closeDrawer(false);
      button.setAttribute("aria-expanded", body.classList.contains("sidebar-collapsed") ? "false" : "true");
    }
  }
  function openDrawer() {
    body.classList.add("nav-open");
    if (backdrop) backdrop.hidden = false;
    button.setAttribute("aria-expanded", "true");
    var target = sidebar.querySelector("[aria-current=page]") || sidebar.querySelector("a");
    if (target) target.focus();
  }
  function closeDrawer(returnFocus) {
    if (!body.classList.contains("nav-open")) return;
    body.classList.remove("nav-open");
    if (backdrop) backdrop.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (returnFocus) button.focus();
  }
  button.addEventListener("click", function () {
    if (narrow.matches) {
      if (body.classList.contains("nav-open")) closeDrawer(true);
      else openDrawer();
      return;
    }
    var collapsed = body.classList.toggle("sidebar-collapsed");
    document.cookie = "kanal_sidebar=" + (collapsed ? "collapsed" : "expanded") + "; path=/; max-age=31536000; SameSite=Lax";
    button.setAttribute("aria-expanded", collapsed ? "false" : "true");
  });
  if (backdrop) backdrop.addEventListener("click", function () { closeDrawer(true); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && body.classList.contains("nav-open")) closeDrawer(true);
  });
  sidebar.addEventListener("click", function (event) {
    if (event.target.closest("a") && narrow.matches) closeDrawer(false);
  });
  if (narrow.addEventListener) narrow.addEventListener("change", sync);
  sync();
})();

// Tabs (role=tablist of links): arrow keys move between tabs, as the ARIA tabs pattern expects; the links
// themselves load the panel (?tab=; htmx swaps tabs and panel together, keeping focus on the tab by its id).
document.addEventListener("keydown", function (event) {
  var tab = event.target.closest && event.target.closest("[role=tab]");
  if (!tab || ["ArrowLeft", "ArrowRight", "Home", "End"].indexOf(event.key) < 0) return;
  var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
  var i = tabs.indexOf(tab);
  var next = event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1
    : (i + (event.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
  event.preventDefault();
  tabs[next].focus();
});


// On a narrow screen the tab row scrolls sideways: bring the chosen tab into view (on load and after a swap),
// moving only the row, not the page.
function showSelectedTabs(root) {
  (root || document).querySelectorAll("[role=tablist]").forEach(function (list) {
    var tab = list.querySelector("[role=tab][aria-selected=true]");
    if (!tab || list.scrollWidth <= list.clientWidth) return;
    var left = tab.offsetLeft - list.offsetLeft;
    if (left < list.scrollLeft || left + tab.offsetWidth > list.scrollLeft + list.clientWidth) {
      list.scrollLeft = Math.max(0, left - 16);
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { showSelectedTabs(); });
document.addEventListener("htmx:afterSettle", function () { showSelectedTabs(); });

// Bulk selection on a list (includes/bulk_bar.html): the header box ticks every row on the page, the bar says
// how many are ticked, and its buttons wait for a selection. The rows' boxes belong to #bulk-form by their
// `form` attribute; htmx swaps #results (a new page, a sort), so the state is read from the page each time.
function kanalBulkRefresh() {
  var form = document.querySelector("[data-bulk-form]");
  if (!form) return;
  var boxes = document.querySelectorAll('input[type=checkbox][form="bulk-form"]');
  var ticked = 0;
  boxes.forEach(function (box) { if (box.checked) ticked += 1; });
  var all = document.querySelector("[data-select-all]");
  if (all) {
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  var count = form.querySelector("[data-bulk-count]");
  if (count) {
    count.textContent = ticked
      ? count.getAttribute("data-some") + " " + String(ticked)
      : count.getAttribute("data-none");
  }
  form.querySelectorAll("[data-bulk-needs-selection]").forEach(function (el) {
    if (el.tagName === "SUMMARY") {
      el.setAttribute("aria-disabled", ticked ? "false" : "true");
      if (!ticked) el.parentElement.open = false;
    } else {
      el.disabled = !ticked;
    }
  });
}
document.addEventListener("change", function (event) {
  var all = event.target.closest("[data-select-all]");
  if (all) {
    document.querySelectorAll('input[type=checkbox][form="bulk-form"]').forEach(function (box) {
      box.checked = all.checked;
    });
  }
  if (all || event.target.matches('input[type=checkbox][form="bulk-form"]')) kanalBulkRefresh();
});
document.addEventListener("click", function (event) {
  var summary = event.target.closest("summary[data-bulk-needs-selection]");
  if (summary && summary.getAttribute("aria-disabled") === "true") event.preventDefault();
});
document.addEventListener("DOMContentLoaded", kanalBulkRefresh);
document.addEventListener("htmx:afterSettle", kanalBulkRefresh);

// A table too wide for the screen scrolls sideways inside its .table-wrap; keyboard users scroll it with the
// arrow keys once it can take the focus, so a wrap that overflows joins the tab order (and leaves it again
// when the screen grows wide enough).
function focusScrollingTables(root) {
  (root || document).querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
    else wrap.removeAttribute("tabindex");
  });
}
document.addEventListener("DOMContentLoaded", function () { focusScrollingTables(); });
document.addEventListener("htmx:afterSettle", function () { focusScrollingTables(); });
window.addEventListener("resize", function () { focusScrollingTables(); });

// Copy a field's text: <button type="button" data-copy="id-of-input" data-copied="Copied">Copy</button>.
// The button says so for a moment; without the clipboard (an insecure page) the text is selected instead.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  if (!field) return;
  var label = button.textContent;
  var done = function () {
    button.textContent = button.getAttribute("data-copied") || label;
    window.setTimeout(function () { button.textContent = label; }, 1500);
  };
  field.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () {});
  } else {
    done();
  }
});
