// Small-screen behaviour of every page (loaded after Bootstrap; no inline scripts under the CSP).
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 575.98px)").matches;

  // A list table becomes a stack of cards on a phone (.table-stacked in site.css): every cell is
  // labelled with its column's heading, so "预计人数 30" still reads as such once the header is hidden.
  function stack(table) {
    var head = table.tHead;
    if (!head || !head.rows.length || !table.tBodies.length) return;
    var headings = Array.prototype.map.call(head.rows[head.rows.length - 1].cells, function (cell) {
      return cell.textContent.replace(/\s+/g, " ").trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.colSpan === 1 && headings[column]) cell.setAttribute("data-label", headings[column]);
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("table-stacked");
  }
  document.querySelectorAll("table.table").forEach(stack);

  // A print button (blank forms, receipts).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // A list's filters fold away on a phone, so the list itself is on the first screen.
  if (phone) {
    document.querySelectorAll("details.list-filters:not([data-in-use])").forEach(function (details) {
      details.removeAttribute("open");
    });
  }
})();
