// Forms: searchable selects, validation when a field is left, growing and shrinking formsets, and the region
// that follows the country. Behaviour comes from data attributes set by the server (no inline handlers, no
// eval, no style elements: the Content-Security-Policy allows none of them). Without JavaScript every form
// still works: plain selects, errors on submit, a "Remove" box per product line.
(function () {
  "use strict";

  // --- searchable selects: <select data-searchable data-no-results="..."> --------------------------------
  // Tom Select builds its control from DOM nodes and sets sizes through element.style (CSSOM, which the
  // policy allows); it injects no <style> element.
  function makeSearchable(select) {
    if (select.tomselect || select.closest("template") || typeof window.TomSelect !== "function") return;
    var noResults = select.getAttribute("data-no-results") || "";
    var options = {
      allowEmptyOption: true,
      maxOptions: null,
      // Filter as each key is typed: a throttled refresh that fires after the user has already chosen (and
      // moved on) reopens the dropdown and takes the focus back.
      refreshThrottle: 0,
      create: false,
      plugins: select.multiple ? ["remove_button"] : [],
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = noResults;
          return div;
        },
      },
    };
    var searchable = new window.TomSelect(select, options);
    // The combobox Tom Select builds carries the field's label; the <select> it keeps (visually hidden, for
    // the form) would be a second, nameless control to a screen reader.
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    // A read-only field (a rep's view of the company profile) is dimmed like a disabled input; saying so
    // tells assistive technology, and contrast checkers, that its faded text is not meant to be read as live.
    if (select.disabled) searchable.control.setAttribute("aria-disabled", "true");
  }

  function enhance(root) {
    root.querySelectorAll("select[data-searchable]").forEach(makeSearchable);
    root.querySelectorAll("[data-remove-row]").forEach(function (button) {
      button.hidden = false;
    });
    root.querySelectorAll("[data-delete-box]").forEach(function (box) {
      box.hidden = true;
    });
  }

  // --- validation when a field is left ----------------------------------------------------------------
  // A form marked data-live-validate posts what was typed to its own URL with X-Kanal-Validate naming the
  // field; the view answers that field's partial (includes/field.html) and saves nothing. Only a field the
  // user changed, or one already showing an error, is checked: tabbing through an empty form says nothing.
  var VALIDATE_HEADER = "X-Kanal-Validate";
  var pending = new WeakMap();

  function fieldBox(control) {
    return control.closest("[data-field]");
  }

  function shouldValidate(control) {
    var box = fieldBox(control);
    if (!box || !control.name) return false;
    if (box.classList.contains("field--invalid")) return true;
    return control.getAttribute("data-touched") === "1";
  }

  function applyAnswer(control, html) {
    var box = fieldBox(control);
    if (!box) return;
    var template = document.createElement("template");
    template.innerHTML = html; // inert: nothing in a template runs or loads
    var answer = template.content.querySelector("[data-field]");
    if (!answer) return;
    var errors = answer.querySelector("[data-field-errors]");
    var current = box.querySelector("[data-field-errors]");
    if (errors && current) current.innerHTML = errors.innerHTML;
    var invalid = answer.classList.contains("field--invalid");
    box.classList.toggle("field--invalid", invalid);
    var answered = answer.querySelector('[name="' + control.name + '"]');
    ["aria-invalid", "aria-describedby"].forEach(function (attribute) {
      var value = answered && answered.getAttribute(attribute);
      if (value) control.setAttribute(attribute, value);
      else control.removeAttribute(attribute);
    });
  }

  function validate(control) {
    var form = control.form;
    if (!form || !form.hasAttribute("data-live-validate") || !shouldValidate(control)) return;
    var data = new FormData(form);
    var sent = control.value;
    if (pending.get(control) === sent) return;
    pending.set(control, sent);
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: (function () {
        var headers = {};
        headers[VALIDATE_HEADER] = control.name;
        return headers;
      })(),
    })
      .then(function (response) {
        return response.status === 200 ? response.text() : null;
      })
      .then(function (html) {
        if (pending.get(control) === sent) pending.delete(control);
        if (html !== null) applyAnswer(control, html);
      })
      .catch(function () {
        pending.delete(control);
      });
  }

  document.addEventListener("input", function (event) {
    var control = event.target;
    if (control.form && control.name) control.setAttribute("data-touched", "1");
  });
  document.addEventListener("focusout", function (event) {
    var control = event.target;
    if (control.matches && control.matches("input, textarea") && control.name) validate(control);
  });
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!control.matches || !control.name) return;
    control.setAttribute("data-touched", "1");
    if (control.matches("select, input[type=checkbox], input[type=radio], input[type=date]")) validate(control);
  });

  // --- product lines removed without a fixed number of rows ---------------------------------------------
  // The "Remove" button ticks the row's DELETE box and hides the row (its values still post, marked deleted).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) return;
    var row = button.closest("[data-row]");
    var box = row && row.querySelector('input[type=checkbox][name$="-DELETE"]');
    if (!row || !box) return;
    box.checked = true;
    row.hidden = true;
    var formset = row.closest("[data-formset]");
    var add = formset && formset.querySelector("[data-add-row]");
    if (add) add.focus();
  });

  // --- the region follows the country: <input readonly data-region-from="id_country" data-regions='{}'> --
  function showRegion(display) {
    var country = document.getElementById(display.getAttribute("data-region-from"));
    if (!country) return;
    var regions = JSON.parse(display.getAttribute("data-regions") || "{}");
    display.value = regions[(country.value || "").toUpperCase()] || display.getAttribute("data-no-region") || "";
  }

  document.addEventListener("change", function (event) {
    if (!event.target.id) return;
    document
      .querySelectorAll('[data-region-from="' + event.target.id + '"]')
      .forEach(showRegion);
  });

  // Rows added from a <template> (a new product line) and fragments swapped in by htmx get the same treatment.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) enhance(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });

  enhance(document);
})();
