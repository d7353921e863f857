// Waypoint's page script: only enhances (the page works without it). On the resource
// sheet it shows a Print button and a Copy button for the text version.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var print = document.querySelector("[data-print]");
  if (print && window.print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value);
    });
  });
});
