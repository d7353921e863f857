// Waypoint's page script: only enhances (the page works without it). On the search page
// it offers "Use my location"; on the resource sheet it shows a Print button and a Copy
// button for the text version.
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
  var locate = document.querySelector("[data-locate]");
  if (locate && navigator.geolocation) {
    var form = locate.form;
    var status = form.querySelector("[data-locate-status]");
    var near = form.elements.near;
    locate.hidden = false;
    // A place typed replaces the location: it is what the person means now.
    near.addEventListener("input", function () {
      form.elements.lat.value = "";
      form.elements.lon.value = "";
      status.textContent = "";
    });
    locate.addEventListener("click", function () {
      status.textContent = locate.getAttribute("data-locating");
      navigator.geolocation.getCurrentPosition(function (position) {
        // About 100 m: near enough to find help, and no more of where the person is.
        form.elements.lat.value = position.coords.latitude.toFixed(3);
        form.elements.lon.value = position.coords.longitude.toFixed(3);
        near.value = "";
        form.submit();
      }, function () {
        status.textContent = locate.getAttribute("data-denied");
        near.focus();
      }, { timeout: 15000, maximumAge: 300000 });
    });
  }
});
