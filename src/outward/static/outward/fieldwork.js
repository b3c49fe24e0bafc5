// Field observation form: live customer search and the customer's products, without reloads.
// The page works without this script (the search form reloads the page).
(function () {
  "use strict";
  var search = document.getElementById("customer-search");
  var form = document.getElementById("observation-form");
  if (!search || !form) { return; }
  var customer = form.querySelector("select[name=customer]");
  var asset = form.querySelector("select[name=asset]");
  var timer = null;

  function fill(select, rows, blank) {
    var keep = select.value;
    select.textContent = "";
    select.appendChild(new Option(blank, ""));
    rows.forEach(function (row) { select.appendChild(new Option(row.label, row.id)); });
    if (rows.some(function (row) { return row.id === keep; })) { select.value = keep; }
  }

  function loadAssets() {
    if (!customer.value) { fill(asset, [], "— none / not specific —"); return; }
    var url = form.dataset.assetsUrl.replace("00000000-0000-0000-0000-000000000000", customer.value);
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { assets: [] }; })
      .then(function (data) { fill(asset, data.assets, "— none / not specific —"); });
  }

  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = search.value.trim();
      if (q.length < 2) { return; }
      fetch(search.dataset.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { customers: [] }; })
        .then(function (data) {
          fill(customer, data.customers, "— choose a customer —");
          if (data.customers.length === 1) { customer.value = data.customers[0].id; }
          loadAssets();
        });
    }, 250);
  });
  customer.addEventListener("change", loadAssets);
}());
