// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function copyText(input, status) {
    function done(ok) {
      if (status) {
        status.textContent = ok ? "Link copied. Paste it somewhere safe." : "Copy did not work: select the link and copy it by hand.";
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { done(true); }, function () { done(false); });
      return;
    }
    input.focus();
    input.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      var input = document.getElementById(button.getAttribute("data-copy-target"));
      if (!input) { return; }
      var status = document.querySelector("[data-copy-status]");
      button.hidden = false;
      button.addEventListener("click", function () { copyText(input, status); });
    });

    var links = document.querySelectorAll("[data-copy-source]");
    Array.prototype.forEach.call(links, function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });

    // Print every dimension's reasons, not only the ones opened on screen.
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    });

    // A visible count on a text field with a limit; the server refuses a longer answer with a
    // message, so nothing is ever cut silently. The words come from the page (translated).
    Array.prototype.forEach.call(document.querySelectorAll("[data-count-for]"), function (count) {
      var input = document.getElementById(count.getAttribute("data-count-for"));
      var max = parseInt(count.getAttribute("data-max"), 10);
      if (!input || !max) { return; }
      count.setAttribute("aria-live", "polite");
      function update() {
        var left = max - Array.from(input.value).length;
        var n = Math.abs(left);
        var kind = left < 0 ? "over" : "left";
        var words = count.getAttribute("data-" + kind + (n === 1 ? "-one" : "-other")) || "";
        count.textContent = words.replace("{n}", n.toLocaleString(document.documentElement.lang || undefined));
        count.classList.toggle("over", left < 0);
      }
      input.addEventListener("input", update);
      update();
    });

    // "None" and the other options exclude each other (the server refuses both together): ticking
    // one clears the other kind, so the owner never meets that message.
    Array.prototype.forEach.call(document.querySelectorAll("fieldset[data-exclusive]"), function (set) {
      var only = set.getAttribute("data-exclusive");
      var boxes = set.querySelectorAll("input[type=checkbox]");
      Array.prototype.forEach.call(boxes, function (box) {
        box.addEventListener("change", function () {
          if (!box.checked) { return; }
          Array.prototype.forEach.call(boxes, function (other) {
            if (other !== box && (box.value === only || other.value === only)) { other.checked = false; }
          });
        });
      });
    });

    // After a failed submit, move focus to the error summary so it is read out first.
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  });
})();
