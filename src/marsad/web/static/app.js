// marsad: small page helpers (no inline scripts: the Content-Security-Policy forbids them)
(function () {
  "use strict";
  // htmx requests made by forms send the CSRF token as a header as well
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.body.addEventListener("htmx:configRequest", function (e) {
    if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
  });
  // in each source, scroll its text box to the first highlighted evidence
  function showEvidence(root) {
    root.querySelectorAll(".doc-text").forEach(function (box) {
      var mark = box.querySelector("mark.ev");
      if (mark && box.scrollHeight > box.clientHeight) {
        box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40);
      }
    });
  }
  showEvidence(document);
})();
