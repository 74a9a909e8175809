/* The claim page asks before it is left with typed work that is not saved.
 *
 * A form is "dirty" when a field differs from the value the page was rendered with (the DOM's
 * defaultValue / defaultChecked / defaultSelected), or when the server sent the page back with a
 * refused save (#fc-unsaved): then what is shown is typed work that is not stored yet. Submitting
 * a form is leaving on purpose for that form only: a note typed in the note form still counts
 * when a workflow button submits the main form, and the other way round.
 */
(function () {
  "use strict";

  function fieldChanged(el) {
    if (!el.name || el.disabled || el.type === "hidden" || el.name.indexOf("__prefix__") !== -1) {
      return false;
    }
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked !== el.defaultChecked;
    }
    if (el.tagName === "SELECT") {
      var options = Array.prototype.slice.call(el.options);
      var hasDefault = options.some(function (o) { return o.defaultSelected; });
      return options.some(function (o, i) {
        // With no option marked selected, a single select starts on its first option.
        var initially = hasDefault ? o.defaultSelected : !el.multiple && i === 0;
        return o.selected !== initially;
      });
    }
    if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") {
      return el.value !== el.defaultValue;
    }
    return false;
  }

  function dirty(form) {
    return Array.prototype.some.call(form.elements, fieldChanged);
  }

  function start() {
    var main = document.getElementById("claim_form");
    if (!main) {
      return;
    }
    var marker = document.getElementById("fc-unsaved");
    var refusedSave = Boolean(marker && marker.dataset.unsaved);
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[method=post]"));
    var submitting = null;

    forms.forEach(function (form) {
      form.addEventListener("submit", function () {
        submitting = form;
      });
    });

    window.addEventListener("beforeunload", function (event) {
      var unsaved = forms.some(function (form) {
        if (form === submitting) {
          return false;
        }
        return dirty(form) || (form === main && refusedSave);
      });
      if (unsaved) {
        event.preventDefault();
        event.returnValue = ""; // older browsers need a value to show the prompt
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
