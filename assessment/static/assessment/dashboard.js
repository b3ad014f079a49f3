/* Quota dashboards: charts drawn from the page's JSON and selectors that submit on change; the
 * progress bar of a running report is followed by core/progress.js. */
(function () {
  "use strict";

  function chartData() {
    var node = document.getElementById("quota-chart-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function mount(id) {
    var node = document.getElementById(id);
    if (!node || typeof echarts === "undefined") {
      return null;
    }
    var chart = echarts.init(node);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function drawAverages(data) {
    var chart = mount("chart-averages");
    if (!chart || !data) {
      return;
    }
    var what = data.highQuality ? "较高质量组织" : "组织";
    function target(value, name) {
      return value === null || value === undefined ? [] : [{ yAxis: value, name: name }];
    }
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 36, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: data.regions, axisLabel: { interval: 0, rotate: data.regions.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", name: "个" },
      series: [
        {
          name: "城市社区平均" + what, type: "bar", data: data.urban, itemStyle: { color: "#c0392b" },
          markLine: { symbol: "none", lineStyle: { color: "#c0392b", type: "dashed" },
            label: { formatter: "城市目标 {c}" }, data: target(data.urbanTarget, "城市目标") }
        },
        {
          name: "农村社区平均" + what, type: "bar", data: data.rural, itemStyle: { color: "#e69f00" },
          markLine: { symbol: "none", lineStyle: { color: "#b8860b", type: "dashed" },
            label: { formatter: "农村目标 {c}", position: "insideEndTop" }, data: target(data.ruralTarget, "农村目标") }
        }
      ]
    });
  }

  function drawHeat(data, outcomes) {
    var node = document.getElementById("chart-heat");
    if (!node || !data) {
      return;
    }
    node.style.height = Math.max(220, data.regions.length * 28 + 110) + "px";
    var chart = mount("chart-heat");
    if (!chart) {
      return;
    }
    chart.setOption({
      tooltip: {
        formatter: function (item) {
          var v = item.data.value;
          return data.regions[v[1]] + "<br>" + data.rules[v[0]] + "：" + outcomes[v[2]].label + "<br>" + item.data.text;
        }
      },
      grid: { left: 10, right: 10, top: 10, bottom: 60, containLabel: true },
      xAxis: { type: "category", data: data.rules, position: "top", axisLabel: { interval: 0 }, splitArea: { show: true } },
      yAxis: { type: "category", data: data.regions, inverse: true, axisLabel: { interval: 0 }, splitArea: { show: true } },
      visualMap: {
        type: "piecewise", orient: "horizontal", left: "center", bottom: 0, dimension: 2,
        pieces: outcomes.map(function (outcome, index) {
          return { value: index, label: outcome.label, color: outcome.color };
        })
      },
      series: [{
        type: "heatmap", data: data.cells,
        itemStyle: { borderColor: "#fff", borderWidth: 2 },
        label: { show: data.rules.length <= 8, fontSize: 11, formatter: function (item) { return outcomes[item.data.value[2]].label; } }
      }]
    });
  }

  function drawTrend(data) {
    var chart = mount("chart-trend");
    if (!chart || !data) {
      return;
    }
    var usesCounts = data.series.some(function (line) { return line.axis === 1; });
    var usesPercent = data.series.some(function (line) { return line.axis === 0; });
    var axes = [
      { type: "value", name: "达标率（%）", min: 0, max: 100, show: usesPercent },
      { type: "value", name: "个", show: usesCounts }
    ];
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 40, right: 40, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: data.dates, boundaryGap: false },
      yAxis: axes,
      series: data.series.map(function (line) {
        return { name: line.name, type: "line", yAxisIndex: line.axis, data: line.data, connectNulls: true, symbolSize: 6 };
      })
    });
  }

  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autosubmit();
    var data = chartData();
    if (data) {
      drawAverages(data.averages);
      drawHeat(data.heat, data.outcomes);
      drawTrend(data.trend);
    }
  });
})();
