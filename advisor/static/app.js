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

    // After a failed submit, move focus to the error summary so it is read out first.
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  });
})();
