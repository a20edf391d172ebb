// marsad map: the offline country basemap (or a configured tile server), incident markers
// from /api/map, clustered by Leaflet.markercluster (or by the server when there are many).
// Text from the data is only ever set with textContent, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  var ds = el.dataset;
  var labels = {};
  try { labels = JSON.parse(ds.labels || "{}"); } catch (e) { labels = {}; }
  var status = document.getElementById("map-status");
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 16, zoomSnap: 0.5 });
  window.marsadMap = map;

  if (ds.tiles) {
    L.tileLayer(ds.tiles, { attribution: ds.tilesAttribution || "", maxZoom: 18 }).addTo(map);
  } else if (ds.basemap) {
    fetch(ds.basemap, { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (geo) {
        L.geoJSON(geo, {
          interactive: false, attribution: "Natural Earth",
          style: { color: "#8a97a8", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }
        }).addTo(map).bringToBack();
      }).catch(function () { /* the markers still work without outlines */ });
  }

  var gradeColour = {
    confirmed: "#8c2f39", fair: "#c26a2b", weak: "#b8a03a", contested: "#6b5ca5",
    discounted: "#7d8793", unassessed: "#4a7aa8"
  };

  // an incident page: one point
  if (ds.point) {
    var ll = ds.point.split(",").map(Number);
    map.setView(ll, Number(ds.zoom) || 6);
    L.circleMarker(ll, { radius: 8, color: "#fff", weight: 2, fillColor: "#8c2f39", fillOpacity: 0.9 }).addTo(map);
    return;
  }

  map.setView([30, 40], 4);
  var cluster = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 40, showCoverageOnHover: false });
  var serverClusters = L.layerGroup();
  map.addLayer(cluster);
  map.addLayer(serverClusters);
  var complete = false, fitted = false, seq = 0;

  function popup(p) {
    // p: [id, lat, lon, killed, grade, type, place, date, sources]
    var box = document.createElement("div");
    box.className = "map-popup";
    box.dir = "auto";
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(p[0]);
    a.textContent = "#" + p[0] + " " + (p[6] || "");
    box.appendChild(a);
    var line = document.createElement("div");
    line.textContent = (p[7] || labels.undated || "") + " · " +
      ((labels.type && labels.type[p[5]]) || p[5] || "");
    box.appendChild(line);
    var line2 = document.createElement("div");
    line2.textContent = (labels.killed || "killed") + ": " + (p[3] == null ? "–" : p[3]) +
      " · " + (labels.sources || "sources") + ": " + p[8] + " · " +
      ((labels.grade && labels.grade[p[4]]) || p[4]);
    box.appendChild(line2);
    return box;
  }

  function params() {
    var form = document.getElementById("filters");
    var q = new URLSearchParams();
    if (form) {
      new FormData(form).forEach(function (v, k) { if (v !== "" && k !== "sort") q.append(k, v); });
    }
    return q;
  }

  function load(withView) {
    var q = params();
    if (withView) {
      var b = map.getBounds();
      q.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(3); }).join(","));
    }
    q.set("zoom", Math.round(map.getZoom()));
    var mine = ++seq;
    if (status) status.textContent = labels.loading || "";
    fetch(ds.api + "?" + q.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        if (mine !== seq) return;
        cluster.clearLayers();
        serverClusters.clearLayers();
        complete = data.kind === "points" && !withView;
        if (data.kind === "points") {
          var markers = data.points.map(function (p) {
            var killed = p[3] || 0;
            var m = L.circleMarker([p[1], p[2]], {
              radius: 5 + Math.min(10, Math.sqrt(killed)), color: "#fff", weight: 1.5,
              fillColor: gradeColour[p[4]] || "#4a7aa8", fillOpacity: 0.9
            });
            m.bindPopup(function () { return popup(p); });
            return m;
          });
          cluster.addLayers(markers);
          if (!fitted && markers.length) {
            fitted = true;
            map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 7 });
          }
          if (status) status.textContent = data.total + " " + (labels.incidents || "");
        } else {
          data.clusters.forEach(function (c) {
            var n = Number(c[2]) || 0;
            var size = n < 100 ? 34 : n < 1000 ? 42 : 52;
            var icon = L.divIcon({ className: "server-cluster", iconSize: [size, size], html: "<div></div>" });
            var m = L.marker([c[0], c[1]], { icon: icon, title: String(n) });
            m.on("add", function () {
              var inner = m.getElement() && m.getElement().firstChild;
              if (inner) inner.textContent = n >= 1000 ? Math.round(n / 100) / 10 + "k" : String(n);
            });
            m.on("click", function () { map.setView([c[0], c[1]], Math.min(map.getZoom() + 2, 16)); });
            serverClusters.addLayer(m);
          });
          if (status) status.textContent = data.total + " · " + (labels.clusters || "");
        }
      }).catch(function () { if (status) status.textContent = ""; });
  }

  var timer = null;
  map.on("moveend", function () {
    if (complete) return; // every point is loaded already
    clearTimeout(timer);
    timer = setTimeout(function () { load(true); }, 250);
  });
  var form = document.getElementById("filters");
  if (form) {
    form.addEventListener("change", function () { fitted = false; load(false); });
    form.addEventListener("submit", function () { fitted = false; load(false); });
  }
  load(false);
})();
