/* Incubation charts, drawn from the page's JSON (incubation.reports.IncubationReport.chart):
 * tenants in incubation per month against the places for tenants, and service hours by type. */
(function () {
  "use strict";

  var node = document.getElementById("incubation-chart-data");
  if (!node || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(node.textContent);

  function mount(id) {
    var target = document.getElementById(id);
    if (!target) {
      return null;
    }
    var chart = echarts.init(target);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  var occupancy = mount("incubation-occupancy");
  if (occupancy) {
    occupancy.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 36, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", name: "个", minInterval: 1 },
      series: [
        { name: "在孵组织", type: "line", data: data.tenants, itemStyle: { color: "#c0392b" }, areaStyle: { opacity: 0.1 } },
        { name: "其中占用空间", type: "line", data: data.inSpaces, itemStyle: { color: "#e69f00" } },
        {
          name: "可供入驻的位置", type: "line", data: data.months.map(function () { return data.capacity; }),
          symbol: "none", lineStyle: { type: "dashed", color: "#6c757d" }, itemStyle: { color: "#6c757d" }
        }
      ]
    });
  }

  var services = mount("incubation-services");
  if (services) {
    services.setOption({
      tooltip: { trigger: "item", formatter: "{b}：{c} 小时（{d}%）" },
      series: [{ type: "pie", radius: ["35%", "70%"], data: data.services, label: { formatter: "{b}" } }]
    });
  }
})();
