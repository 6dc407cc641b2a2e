/* Embed: <div data-guild-widget></div><script src="https://…/static/outreach/widget.js" async></script> */
(function () {
  var script = document.currentScript;
  var origin = new URL(script.src).origin;
  document.querySelectorAll("[data-guild-widget]").forEach(function (el) {
    var frame = document.createElement("iframe");
    frame.src = origin + "/widget/next-event/";
    frame.title = el.getAttribute("data-title") || "Prochain évènement";
    frame.width = el.getAttribute("data-width") || "320";
    frame.height = el.getAttribute("data-height") || "170";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("frameborder", "0");
    el.appendChild(frame);
  });
})();
