// Behaviour attached by data attributes, so that no page needs inline event handlers (they are refused by
// the Content-Security-Policy).

// Confirm destructive actions: <button data-confirm="Are you sure?">
document.addEventListener("click", function (event) {
  var el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
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
