/* Action board: drag a card onto another column to move it (progressive enhancement).
   The move goes through the same htmx request as the "Move" button, hence through the
   status service; a refused move comes back as a message above the board. */
(function () {
  "use strict";

  function init(board) {
    board.querySelectorAll(".board-card[data-move-url]").forEach(function (card) {
      card.setAttribute("draggable", "true");
      card.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", card.id);
        event.dataTransfer.effectAllowed = "move";
      });
    });
    board.querySelectorAll(".board-column[data-status]").forEach(function (column) {
      column.addEventListener("dragover", function (event) {
        event.preventDefault();
        column.classList.add("drop-target");
      });
      column.addEventListener("dragleave", function () {
        column.classList.remove("drop-target");
      });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("drop-target");
        var card = document.getElementById(event.dataTransfer.getData("text/plain"));
        if (!card || card.closest(".board-column") === column) {
          return;
        }
        var form = card.querySelector("form.move-form");
        var reason = form ? form.querySelector("[name=reason]").value : "";
        window.htmx.ajax("POST", card.dataset.moveUrl, {
          source: form || card,
          target: "#board",
          swap: "outerHTML",
          values: { status: column.dataset.status, reason: reason },
        });
      });
    });
  }

  function start() {
    var board = document.getElementById("board");
    if (board) {
      init(board);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("htmx:afterSettle", start);
})();
