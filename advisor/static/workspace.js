// Copy buttons for invite links. The link is also selectable by hand: this only saves a step.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) { return; }
  var input = document.getElementById(button.getAttribute("data-copy"));
  if (!input) { return; }
  input.select();
  var done = function () { button.textContent = "Copied"; };
  if (navigator.clipboard) { navigator.clipboard.writeText(input.value).then(done); } else { document.execCommand("copy"); done(); }
});

// A character count under fields with data-counter (notes): the server refuses a longer text with a
// message; nothing is cut, so the count says how far over it is.
(function () {
  var fields = document.querySelectorAll("textarea[data-counter]");
  Array.prototype.forEach.call(fields, function (field) {
    var max = parseInt(field.getAttribute("data-counter"), 10);
    var out = document.createElement("p");
    out.className = "hint counter";
    out.id = field.id + "-count";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    var update = function () {
      var n = field.value.length;
      out.textContent = n > max ? (n - max).toLocaleString() + " characters too many (" + n.toLocaleString() + " of " + max.toLocaleString() + ")"
                                : n.toLocaleString() + " of " + max.toLocaleString() + " characters";
      out.classList.toggle("field-error", n > max);
    };
    field.addEventListener("input", update);
    update();
  });
})();
