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
