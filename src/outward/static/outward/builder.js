// The question form shows only the fields that fit the chosen type: each wrapper names the
// types it is for in data-for; the others are hidden (and ignored by the server anyway).
(function () {
  "use strict";
  var type = document.getElementById("id_type");
  if (!type) { return; }
  function show() {
    document.querySelectorAll("[data-for]").forEach(function (part) {
      part.hidden = part.getAttribute("data-for").split(" ").indexOf(type.value) < 0;
    });
  }
  type.addEventListener("change", show);
  show();
})();
