// Draws every element with data-chart: fetches its Plotly figure from the API and plots it.
// plotly.js comes from our own static files (vendor/plotly.min.js); nothing leaves the site.
(function () {
  "use strict";
  function draw(el) {
    fetch(el.dataset.chart, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (figure) {
        if (!figure.data.length) { el.hidden = true; return; }
        el.classList.add("chart-ready");
        return window.Plotly.newPlot(el, figure.data, figure.layout, {
          displaylogo: false,
          responsive: true,
          modeBarButtonsToRemove: ["select2d", "lasso2d"],
        });
      })
      .catch(function (error) {
        el.textContent = "The chart could not be loaded (" + error.message + "); the table below has the same figures.";
        el.classList.add("chart-error");
      });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
  // A filter swapped part of the page (htmx): draw the charts that came with it.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    event.detail.elt.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
