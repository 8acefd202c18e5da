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
