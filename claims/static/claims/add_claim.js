// Claims by hand: text selected in the article body becomes a claim. The form posts the
// selection's offsets in the body (its text content is the body, character for character);
// the server checks them and refuses, with the reason, a span it cannot take.
"use strict";
(function () {
  function offsetIn(container, node, offset) {
    const range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function init() {
    const body = document.querySelector("[data-fc-article-body]");
    const form = document.querySelector("[data-fc-add-claim]");
    if (!body || !form) return;
    const button = form.querySelector("button");
    const label = form.querySelector("[data-fc-selection]");
    const idle = label.textContent;

    function update() {
      const sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const range = sel.getRangeAt(0);
      if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return;
      const start = offsetIn(body, range.startContainer, range.startOffset);
      const end = offsetIn(body, range.endContainer, range.endOffset);
      if (end <= start) return;
      form.elements.start.value = String(start);
      form.elements.end.value = String(end);
      const text = sel.toString().trim();
      label.textContent = "Selected: “" + (text.length > 120 ? text.slice(0, 117) + "…" : text) + "”";
      button.disabled = false;
    }

    document.addEventListener("selectionchange", update);
    form.addEventListener("submit", function (event) {
      if (!form.elements.start.value) {
        event.preventDefault();
        label.textContent = idle;
      }
    });
    // A click on a highlighted claim follows its link; selecting across one must not.
    body.addEventListener("click", function (event) {
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed && event.target.closest("a")) event.preventDefault();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
