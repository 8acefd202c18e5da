// Home page charts (dashboard/templates/dashboard/chart.html): each <div data-chart="ID"> names the
// <script type="application/json" id="ID"> that {{ chart.data|json_script }} wrote, so no script is inline
// (CSP). Chart.js (static/vendor/chart-*.umd.min.js) draws the bars on a canvas; the same figures stay on the
// page as a table (the canvas's accessible fallback, folded away once the chart is drawn). A bar is a link:
// clicking it opens the list of the registrations it stands for. Colours come from the page's CSS, so the
// charts follow the light and dark themes; they are redrawn when the system theme changes.
(function () {
  "use strict";

  var charts = [];

  function css(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function palette(index) {
    var colours = [
      css("--kanal-chart-1", "#1f77b4"),
      css("--kanal-chart-2", "#ff7f0e"),
      css("--kanal-chart-3", "#2ca02c"),
      css("--kanal-chart-4", "#9467bd"),
    ];
    return colours[index % colours.length];
  }

  function compact(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, {
        notation: "compact",
        maximumFractionDigits: 1,
      }).format(value);
    } catch (e) {
      return String(value);
    }
  }

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    var canvas = box.querySelector("canvas");
    if (!source || !canvas || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    var text = getComputedStyle(document.body).color;
    var grid = css("--pico-muted-border-color", "rgba(128, 128, 128, .25)");
    var valueAxis = { ticks: { color: text, callback: compact }, grid: { color: grid }, beginAtZero: true };
    var categoryAxis = { ticks: { color: text }, grid: { display: false } };
    box.hidden = false;
    var table = box.parentElement.querySelector("[data-chart-table]");
    if (table) table.open = false;
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: palette(i), borderRadius: 3 };
        }),
      },
      options: {
        indexAxis: data.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: data.datasets.length > 1, labels: { color: text } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + data.datasets[ctx.datasetIndex].texts[ctx.dataIndex];
              },
            },
          },
        },
        scales: data.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var url = data.datasets[elements[0].datasetIndex].urls[elements[0].index];
          if (url) window.location.assign(url);
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
      },
    });
    charts.push(chart);
  }

  function drawAll() {
    charts.forEach(function (chart) {
      chart.destroy();
    });
    charts = [];
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) scheme.addEventListener("change", drawAll);
  }
})();
