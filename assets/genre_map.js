// Drawing for the genre-geography map (/map). dash-leaflet resolves {"variable": "rwMap.x"}
// props to these functions; the GeoJSON properties come from components/map_layers.py.
window.rwMap = (function () {
  function esc(text) {
    return String(text === null || text === undefined ? "" : text).replace(/[&<>"]/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
    });
  }
  function plural(n, word) {
    return n.toLocaleString() + " " + word + (n === 1 ? "" : "s");
  }
  function radius(n, base, scale) {
    return base + Math.sqrt(n) * scale;
  }
  function pieSvg(slices, size) {
    var total = slices.reduce(function (s, x) { return s + x.n; }, 0) || 1;
    var r = size / 2, angle = -Math.PI / 2, parts = [];
    if (slices.length === 1) {
      parts.push('<circle cx="' + r + '" cy="' + r + '" r="' + (r - 1) + '" fill="' + slices[0].color + '"/>');
    } else {
      slices.forEach(function (s) {
        var next = angle + 2 * Math.PI * s.n / total;
        var x1 = r + (r - 1) * Math.cos(angle), y1 = r + (r - 1) * Math.sin(angle);
        var x2 = r + (r - 1) * Math.cos(next), y2 = r + (r - 1) * Math.sin(next);
        var large = next - angle > Math.PI ? 1 : 0;
        parts.push('<path d="M' + r + ',' + r + ' L' + x1.toFixed(2) + ',' + y1.toFixed(2) +
                   ' A' + (r - 1) + ',' + (r - 1) + ' 0 ' + large + ' 1 ' + x2.toFixed(2) + ',' +
                   y2.toFixed(2) + ' Z" fill="' + s.color + '"/>');
        angle = next;
      });
    }
    return '<svg width="' + size + '" height="' + size + '" viewBox="0 0 ' + size + ' ' + size +
           '" class="rw-pie">' + parts.join("") + "</svg>";
  }
  function heatColour(w) {
    // yellow (sparse) to red (busiest cell)
    var g = Math.round(220 - 190 * w);
    return "rgb(240," + g + ",40)";
  }
  return {
    eventPoint: function (feature, latlng) {
      var p = feature.properties;
      var mix = p.slices.slice(0, 3).map(function (s) { return esc(s.genre) + " " + s.n; });
      return L.circleMarker(latlng, {
        radius: radius(p.n, 5, 1.2), fillColor: p.color, color: "#ffffff", weight: 1,
        fillOpacity: 0.9, className: "rw-event-point"
      }).bindTooltip("<b>" + esc(p.label) + "</b> · " + plural(p.n, "event") + "<br>" +
                     mix.join(", "));
    },
    eventCluster: function (feature, latlng, index) {
      // A pie of the cluster's genre mix with its event count in the middle.
      var leaves = index.getLeaves(feature.properties.cluster_id, Infinity);
      var total = 0, byColour = {};
      leaves.forEach(function (leaf) {
        leaf.properties.slices.forEach(function (s) {
          total += s.n;
          byColour[s.color] = (byColour[s.color] || 0) + s.n;
        });
      });
      var slices = Object.keys(byColour).map(function (c) { return {color: c, n: byColour[c]}; })
        .sort(function (a, b) { return b.n - a.n; });
      var size = Math.round(radius(total, 26, 0.25));
      size = Math.min(size, 64);
      var icon = L.divIcon({
        html: pieSvg(slices, size) + "<span>" + total.toLocaleString() + "</span>",
        className: "rw-cluster", iconSize: L.point(size, size)
      });
      return L.marker(latlng, {icon: icon, title: plural(total, "event") + " (click for details)"});
    },
    cityPie: function (feature, latlng) {
      var p = feature.properties, size = Math.round(radius(p.n, 18, 1.4));
      var rows = p.slices.slice(0, 5).map(function (s) {
        return esc(s.genre) + ": " + Math.round(100 * s.n / p.n) + "%";
      });
      var icon = L.divIcon({html: pieSvg(p.slices, size), className: "rw-pie-icon",
                            iconSize: L.point(size, size)});
      return L.marker(latlng, {icon: icon}).bindTooltip(
        "<b>" + esc(p.label) + "</b> · " + plural(p.n, "event") + "<br>" + rows.join("<br>"));
    },
    venuePoint: function (feature, latlng) {
      var p = feature.properties;
      return L.circleMarker(latlng, {
        radius: radius(p.n, 4, 2), fillColor: "#17a2b8", color: "#0b5563", weight: 1.5,
        fillOpacity: 0.55, className: "rw-venue-point"
      }).bindTooltip(esc(p.label) + "<br>" + plural(p.n, "event") + " hosted");
    },
    heatPoint: function (feature, latlng) {
      var p = feature.properties;
      return L.circleMarker(latlng, {
        radius: 16 + 14 * p.w, stroke: false, fillColor: heatColour(p.w),
        fillOpacity: 0.25 + 0.35 * p.w, className: "rw-heat-cell"
      }).bindTooltip(plural(p.n, "event") + " within about 2 km");
    },
    peoplePoint: function (feature, latlng, context) {
      // A marker (not a vector circle) so it sits above the city pies of the same place.
      var p = feature.properties, what = (context.hideout || {}).what || "";
      var size = Math.round(Math.min(radius(p.n, 22, 1.5), 56));
      var icon = L.divIcon({html: "<span>" + p.n + "</span>", className: "rw-people-point",
                            iconSize: L.point(size, size)});
      return L.marker(latlng, {icon: icon, zIndexOffset: 1000}).bindTooltip(
        "<b>" + esc(p.label) + "</b><br>" + p.n.toLocaleString() + " people " + esc(what));
    },
    audiencePoint: function (feature, latlng) {
      // /promoter/analytics: a viewers' home city (k-anonymous), sized by people.
      var p = feature.properties;
      return L.circleMarker(latlng, {
        radius: Math.min(radius(p.people, 6, 1.6), 34), fillColor: "#1db954", color: "#ffffff",
        weight: 2, fillOpacity: 0.7, className: "rw-audience-point"
      }).bindTooltip("<b>" + esc(p.label) + "</b><br>" + p.people.toLocaleString() + " people · " +
                     plural(p.views, "view") + " · " + plural(p.saves, "save"));
    },
    tileError: function () {
      var note = document.getElementById("map-tiles-note");
      if (note) { note.hidden = false; }
      var map = document.getElementById("map-canvas");
      if (map) { map.classList.add("rw-no-tiles"); }
    }
  };
})();

// Map state in the URL: a filter change is a new history entry (Back undoes it); panning and
// zooming only replace the current one.
window.rwPushMapQuery = function (values, viewOnly) {
  var params = new URLSearchParams();
  Object.keys(values).forEach(function (key) {
    var v = values[key];
    if (v !== null && v !== undefined && v !== "") { params.set(key, String(v)); }
  });
  var search = params.toString();
  var url = window.location.pathname + (search ? "?" + search : "");
  if (url === window.location.pathname + window.location.search) { return; }
  if (viewOnly) {
    window.history.replaceState(window.history.state, "", url);
  } else {
    window.history.pushState(window.history.state, "", url);
  }
};

// The event layers of one month (or of every month when monthKey is null), summed from the
// window's cells (components/map_layers.py window_payload). Runs in the browser so a month step
// of the time control needs no server round trip.
// The cells arrive as one base64 block of four little-endian int32 columns; decoded once per
// window (the store's object stays the same while only the month changes).
window.rwMapCells = function (data) {
  if (data._cols) { return data._cols; }
  var bin = atob(data.cells || ""), bytes = new Uint8Array(bin.length), n = data.count;
  for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
  var all = new Int32Array(bytes.buffer);
  data._cols = {v: all.subarray(0, n), g: all.subarray(n, 2 * n), m: all.subarray(2 * n, 3 * n),
                n: all.subarray(3 * n, 4 * n)};
  return data._cols;
};

window.rwMapBuild = function (data, monthKey, layers) {
  var empty = {type: "FeatureCollection", features: []};
  if (!data) { return {events: empty, heat: empty, share: empty, venues: empty, total: 0}; }
  var on = {}; (layers || []).forEach(function (l) { on[l] = true; });
  var colours = data.colors, names = data.names, V = data.venues, C = data.cities;
  var cols = window.rwMapCells(data), perVenue = {}, total = 0;
  for (var i = 0; i < data.count; i++) {
    if (monthKey !== null && cols.m[i] !== monthKey) { continue; }
    var key = colours[cols.g[i]] ? String(cols.g[i]) : "other";
    var slot = perVenue[cols.v[i]] || (perVenue[cols.v[i]] = {n: 0, by: {}});
    slot.n += cols.n[i];
    slot.by[key] = (slot.by[key] || 0) + cols.n[i];
    total += cols.n[i];
  }
  function slicesOf(by) {
    return Object.keys(by).map(function (k) {
      return {color: k === "other" ? data.other : colours[k],
              genre: k === "other" ? "Other genres" : (names[k] || "Genre " + k), n: by[k]};
    }).sort(function (a, b) { return b.n - a.n; });
  }
  function point(lng, lat, props) {
    return {type: "Feature", geometry: {type: "Point", coordinates: [lng, lat]}, properties: props};
  }
  var events = [], venues = [], perCity = {}, cells = {};
  Object.keys(perVenue).forEach(function (idx) {
    var slot = perVenue[idx], lat = V.lat[idx], lng = V.lng[idx], city = V.city[idx];
    var cityPlace = city >= 0 ? "city:" + C.id[city] : null;
    if (on.events) {
      var slices = slicesOf(slot.by);
      events.push(point(lng, lat, {n: slot.n, color: slices[0].color, genre: slices[0].genre,
        slices: slices, label: V.name[idx], place: "venue:" + V.id[idx], city: cityPlace}));
    }
    if (on.venues) {
      venues.push(point(lng, lat, {n: slot.n, label: V.name[idx], place: "venue:" + V.id[idx]}));
    }
    if (on.share && city >= 0) {
      var c = perCity[city] || (perCity[city] = {n: 0, by: {}});
      c.n += slot.n;
      Object.keys(slot.by).forEach(function (k) { c.by[k] = (c.by[k] || 0) + slot.by[k]; });
    }
    if (on.heat) {
      var cell = Math.floor(lat / data.cell) + ":" + Math.floor(lng / data.cell);
      cells[cell] = (cells[cell] || 0) + slot.n;
    }
  });
  var share = Object.keys(perCity).map(function (city) {
    return point(C.lng[city], C.lat[city], {n: perCity[city].n, label: C.name[city],
      slices: slicesOf(perCity[city].by), place: "city:" + C.id[city]});
  });
  var top = Math.max.apply(null, [1].concat(Object.keys(cells).map(function (k) { return cells[k]; })));
  var heat = Object.keys(cells).map(function (k) {
    var rc = k.split(":");
    return point((+rc[1] + 0.5) * data.cell, (+rc[0] + 0.5) * data.cell,
                 {n: cells[k], w: Math.round(1000 * cells[k] / top) / 1000});
  });
  function fc(features) { return {type: "FeatureCollection", features: features}; }
  return {events: fc(events), heat: fc(heat), share: fc(share), venues: fc(venues), total: total};
};

// The map page's clientside callbacks (dash.ClientsideFunction("rwmap", name)); a namespace of
// its own so the order in which Dash loads the asset files does not matter.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  rwmap: {
    // The month slider (or the whole window) -> the four layers and the month's caption.
    layers: function (data, month, layers, months) {
      var names = ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"];
      var key = null, label;
      if (month && months && month <= months.length) {
        var parts = months[month - 1].split("-");
        key = (+parts[0]) * 12 + (+parts[1]) - 1;
        label = names[+parts[1] - 1] + " " + parts[0];
      } else if (months && months.length) {
        var first = months[0].split("-"), last = months[months.length - 1].split("-");
        label = names[+first[1] - 1].slice(0, 3) + " " + first[0] + " to " +
                names[+last[1] - 1].slice(0, 3) + " " + last[0];
      }
      var built = window.rwMapBuild(data, key, layers);
      return [built.events, built.heat, built.share, built.venues,
              (label || "") + ": " + built.total.toLocaleString("en") + " events"];
    },
    // Play/Pause of the time control: the ticking interval on or off, and the button's label.
    play: function (clicks, disabled) {
      var playing = disabled === false;
      return [!playing ? false : true, !playing ? "\u23f8 Pause" : "\u25b6 Play"];
    },
    // One tick: the next month, wrapping round to the first.
    tick: function (n, value, max) { return value >= max ? 1 : (value || 0) + 1; },
    // Every filter, the month and the view in the URL. Only the canvas has center and zoom
    // inputs, so a change of nothing else is a pan or zoom (replaces the history entry).
    // The phone's one-line filter bar: genres, dates and how many layers are on.
    summary: function (genres, start, end, layers) {
      genres = genres || [];
      var what = !genres.length ? "All genres"
        : genres.length + " genre" + (genres.length === 1 ? "" : "s");
      var n = (layers || []).length;
      return [what, (start || "\u2026") + " to " + (end || "\u2026"),
              n + " layer" + (n === 1 ? "" : "s")].join(" \u00b7 ");
    },
    query: function (layers, genres, start, end, month, months, place, center, zoom) {
      var trig = (window.dash_clientside.callback_context.triggered || []).map(function (t) {
        return t.prop_id; });
      var viewOnly = trig.length > 0 && trig.every(function (p) {
        return /\.(center|zoom)$/.test(p); });
      var sameLayers = (layers || []).join(",") === "events";
      var view = center ? [Number(center[0] !== undefined ? center[0] : center.lat).toFixed(4),
                           Number(center[1] !== undefined ? center[1] : center.lng).toFixed(4),
                           zoom].join(",") : null;
      window.rwPushMapQuery({
        layers: sameLayers ? null : (layers || []).join(","),
        genres: (genres || []).join(","), start: start, end: end,
        month: month && months ? months[month - 1] : null, place: place, view: view
      }, viewOnly);
      return window.dash_clientside.no_update;
    }
  }
});
