// Explorer: hovering an event card rings its place on the map (cards carry data-lat/data-lng).
(function () {
  var HILITE = "explorer-hilite";
  function ring(card, on) {
    if (!window.dash_clientside || !window.dash_clientside.set_props) return;
    var lat = parseFloat(card.getAttribute("data-lat"));
    var lng = parseFloat(card.getAttribute("data-lng"));
    if (!document.getElementById("explorer-map") || isNaN(lat) || isNaN(lng)) return;
    window.dash_clientside.set_props(HILITE, {
      center: [lat, lng],
      pathOptions: {color: "#d63384", weight: 3, opacity: on ? 1 : 0, fillOpacity: on ? 0.25 : 0},
    });
  }
  document.addEventListener("mouseover", function (e) {
    var card = e.target.closest && e.target.closest("[data-lat]");
    if (card && !card.contains(e.relatedTarget)) ring(card, true);
  });
  document.addEventListener("mouseout", function (e) {
    var card = e.target.closest && e.target.closest("[data-lat]");
    if (card && !card.contains(e.relatedTarget)) ring(card, false);
  });
})();
