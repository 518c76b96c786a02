/* Call Sofia Dispatcher — the live map's behaviour in the page (our own code; Leaflet and
 * Leaflet.markercluster are local files installed by scripts/bootstrap, qwebchannel.js comes with Qt).
 *
 * Python talks to the page through one QWebChannel object, "bridge" (ui/map/bridge.py):
 *   bridge.patch(json)    {seq, upsert: [[id, lat, lon, sla, status], …], remove: [id, …]}
 *   bridge.command(json)  {op: "select" | "pick" | "crews" | …, …}
 * and the page answers with bridge.page_ready(), bridge.patch_applied(seq, count), bridge.marker_clicked(id),
 * bridge.location_picked_at(lat, lon), bridge.pick_cancelled_in_page(), bridge.tiles_failed(url) and asks
 * bridge.case_info(id) for the text of a tooltip or popup.
 *
 * Text from citizens (descriptions, addresses) is data, never markup: every tooltip and popup is built from
 * DOM nodes whose text is set with textContent; no string from Python ever reaches innerHTML.
 */
(function () {
  "use strict";

  var SLA_FILL = {
    ok: "#43a047",
    due_soon: "#ffb300",
    overdue: "#e53935",
    paused: "#9e9e9e",
    met: "#78909c",
    breached: "#ad1457"
  };
  // The outline tells the status: new cases stand out (dark blue, thick), final ones fade.
  var STATUS_STROKE = {
    new: ["#0d47a1", 3],
    triaged: ["#4a148c", 2],
    assigned: ["#263238", 1.5],
    in_progress: ["#263238", 1.5],
    reopened: ["#880e4f", 3],
    resolved: ["#607d8b", 1]
  };
  var FINAL = {closed: true, rejected: true, duplicate: true, resolved: true};
  // A cluster takes the colour of the most urgent case inside it.
  var URGENCY = {overdue: 4, breached: 3, due_soon: 2, ok: 1, paused: 0, met: 0};
  var BY_URGENCY = ["paused", "ok", "due_soon", "breached", "overdue"];
  var CREW_FILL = {available: "#2e7d32", en_route: "#1565c0", on_site: "#6a1b9a", off_duty: "#757575"};

  // markercluster projects every marker once per zoom level it clusters (7 levels): keep each marker's
  // spherical-mercator metres on its LatLng and only scale them per zoom. Same result as Leaflet's own
  // map.project() for the map's CRS; anything else goes to Leaflet unchanged.
  function memoizeProjection(map) {
    var crs = map.options.crs, original = map.project;
    if (crs !== L.CRS.EPSG3857) return;
    map.project = function (latlng, zoom) {
      if (!(latlng instanceof L.LatLng)) return original.call(this, latlng, zoom);
      var metres = latlng._csMetres;
      if (metres === undefined) metres = latlng._csMetres = crs.projection.project(latlng);
      return crs.transformation.transform(metres, crs.scale(zoom === undefined ? this._zoom : zoom));
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function CaseMap(map, cluster, crews, districts, tiles, options) {
    var self = this;
    this.map = map;
    this.cluster = cluster;
    this.crews = crews;
    this.districts = districts;
    this.tiles = tiles;
    this.texts = options.texts || {};
    this.markers = new Map(); // case id → L.circleMarker
    this.bridge = null;
    this.picking = false;
    this.selectedId = null;
    this.lastClicked = null;
    this.chunking = 0; // chunked addLayers still running
    this.waiting = []; // patch seqs acknowledged once the chunked adds end
    this.tilesFailed = false;
    this.styles = {};
    // Patches name SLA states and statuses by their index in these lists (shorter JSON at 100k markers).
    this.slaCodes = options.sla_codes || [];
    this.statusCodes = options.status_codes || [];

    memoizeProjection(map);
    map.createPane("cs-crews").style.zIndex = 610;
    map.createPane("cs-highlight").style.zIndex = 620;
    this.crewRenderer = L.svg({pane: "cs-crews"});
    this.highlight = L.circleMarker([0, 0], {
      radius: 15, color: "#00b8d4", weight: 4, opacity: 0.95, fill: false, interactive: false,
      pane: "cs-highlight", renderer: L.svg({pane: "cs-highlight"}), className: "cs-highlight"
    });

    cluster.options.iconCreateFunction = function (group) { return self.clusterIcon(group); };
    cluster.options.chunkProgress = function (done, total) {
      if (done >= total) {
        self.chunking = Math.max(0, self.chunking - 1);
        if (!self.chunking) self.flushAcks();
      }
    };
    map.on("click", function (e) { self.pickAt(e); });
    cluster.on("clusterclick", function (e) { self.pickAt(e); });
    // Events of the case markers reach us through the group (e.layer is the marker).
    cluster.on("click", function (e) { if (e.layer && e.layer.caseId !== undefined) self.onMarkerClick(e); });
    cluster.on("mouseover", function (e) {
      if (e.layer && e.layer.caseId !== undefined) self.onMarkerHover(e);
    });
    document.addEventListener("keydown", function (e) {
      if (self.picking && (e.key === "Escape" || e.key === "Esc")) {
        e.preventDefault();
        self.setPicking(false, true);
      }
    });
    if (tiles) {
      tiles.on("tileerror", function (e) {
        if (!self.tilesFailed) {
          self.tilesFailed = true;
          map.getContainer().classList.add("cs-no-tiles");
          if (self.bridge) self.bridge.tiles_failed(String(e.tile && e.tile.src || ""));
        }
      });
    } else {
      map.getContainer().classList.add("cs-no-tiles");
    }
    this.hint = el("div", "cs-pick-hint", this.texts.pick_hint);
    map.getContainer().appendChild(this.hint);
    this.addLegend();
    L.control.scale({imperial: false}).addTo(map);
  }

  // The most urgent SLA state in a cluster (stops at the first overdue case: big clusters usually have one).
  function urgency(group) {
    var worst = 0, stack = [group];
    while (stack.length) {
      var node = stack.pop(), markers = node._markers, i;
      for (i = 0; i < markers.length; i++) {
        var level = URGENCY[markers[i].sla] || 0;
        if (FINAL[markers[i].status] === true) level = 0;
        if (level > worst) {
          worst = level;
          if (worst === 4) return worst;
        }
      }
      for (i = 0; i < node._childClusters.length; i++) stack.push(node._childClusters[i]);
    }
    return worst;
  }

  CaseMap.prototype.clusterIcon = function (group) {
    var count = group.getChildCount();
    var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 48;
    var state = BY_URGENCY[urgency(group)];
    var label = count < 10000 ? String(count) : Math.round(count / 1000) + "k";
    return L.divIcon({
      html: "<div><span>" + label + "</span></div>", // a number we computed, never text from Python
      className: "cs-cluster cs-cluster-" + state,
      iconSize: L.point(size, size)
    });
  };

  CaseMap.prototype.addLegend = function () {
    var texts = this.texts;
    var Legend = L.Control.extend({
      options: {position: "bottomleft"},
      onAdd: function () {
        var box = el("div", "cs-legend leaflet-bar");
        (texts.legend || []).forEach(function (entry) {
          var row = el("div", "cs-legend-row");
          var dot = el("span", "cs-dot");
          dot.style.background = SLA_FILL[entry[0]] || "#9e9e9e";
          row.appendChild(dot);
          row.appendChild(el("span", "", entry[1]));
          box.appendChild(row);
        });
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new Legend().addTo(this.map);
  };

  CaseMap.prototype.connect = function (bridge) {
    var self = this;
    this.bridge = bridge;
    bridge.patch.connect(function (json) { self.apply(json); });
    bridge.command.connect(function (json) { self.command(JSON.parse(json)); });
    if (this.tilesFailed) bridge.tiles_failed("");
    bridge.page_ready();
  };

  CaseMap.prototype.style = function (sla, status) {
    var key = sla + "/" + status, cached = this.styles[key];
    if (cached === undefined) cached = this.styles[key] = this.makeStyle(sla, status);
    return cached; // shared: Leaflet copies options into each marker
  };

  CaseMap.prototype.makeStyle = function (sla, status) {
    var stroke = STATUS_STROKE[status] || ["#37474f", 1];
    var final = FINAL[status] === true;
    return {
      radius: 7,
      fillColor: SLA_FILL[sla] || "#9e9e9e",
      fillOpacity: final ? 0.45 : 0.9,
      color: stroke[0],
      weight: stroke[1],
      opacity: final ? 0.6 : 1
    };
  };

  // --- patches: markers = the queue's current view ------------------------------------------------------

  CaseMap.prototype.apply = function (json) {
    var patch = JSON.parse(json);
    var self = this, markers = this.markers, cluster = this.cluster;
    var removed = [], added = [], restyled = [];
    (patch.remove || []).forEach(function (id) {
      var marker = markers.get(id);
      if (marker) {
        markers.delete(id);
        removed.push(marker);
      }
    });
    if (removed.length) {
      if (removed.length > markers.size) {
        // Most markers go (a narrow filter): start over with the survivors instead.
        cluster.clearLayers();
        added = Array.from(markers.values());
      } else {
        cluster.removeLayers(removed);
      }
    }
    var slaCodes = this.slaCodes, statusCodes = this.statusCodes;
    (patch.upsert || []).forEach(function (row) {
      var id = row[0], lat = row[1], lon = row[2], sla = slaCodes[row[3]], status = statusCodes[row[4]];
      var marker = markers.get(id);
      if (marker === undefined) {
        // No listeners per marker: the cluster group passes its markers' clicks and hovers on (see start).
        marker = L.circleMarker(L.latLng(lat, lon), self.style(sla, status));
        marker.caseId = id;
        marker.sla = sla;
        marker.status = status;
        markers.set(id, marker);
        added.push(marker);
        return;
      }
      marker.info = null; // its text may have changed: ask again when shown
      var at = marker.getLatLng();
      if (at.lat !== lat || at.lng !== lon) marker.setLatLng([lat, lon]); // the cluster group re-files it
      if (marker.sla !== sla || marker.status !== status) {
        marker.sla = sla;
        marker.status = status;
        marker.setStyle(self.style(sla, status));
        restyled.push(marker);
      }
    });
    if (restyled.length) cluster.refreshClusters(restyled); // the clusters' colours follow
    if (added.length) {
      if (cluster._map) this.chunking += 1;
      cluster.addLayers(added);
    }
    this.refreshHighlight();
    if (this.chunking) this.waiting.push(patch.seq);
    else this.ack(patch.seq);
  };

  CaseMap.prototype.ack = function (seq) {
    if (this.bridge) this.bridge.patch_applied(seq, this.markers.size);
  };

  CaseMap.prototype.flushAcks = function () {
    var waiting = this.waiting;
    this.waiting = [];
    waiting.forEach(this.ack, this);
  };

  // --- commands ------------------------------------------------------------------------------------------

  CaseMap.prototype.command = function (cmd) {
    if (cmd.op === "select") this.select(cmd.id, cmd.pan);
    else if (cmd.op === "pick") this.setPicking(cmd.on, false);
    else if (cmd.op === "crews") this.setCrews(cmd.crews);
  };

  CaseMap.prototype.select = function (id, pan) {
    this.selectedId = id;
    var marker = id === null ? undefined : this.markers.get(id);
    if (!marker) {
      this.highlight.remove();
      return;
    }
    var at = marker.getLatLng();
    this.highlight.setLatLng(at).addTo(this.map);
    if (pan && id !== this.lastClicked) {
      if (this.map.getZoom() < 14) this.map.setView(at, 14);
      else this.map.panTo(at);
    }
    this.lastClicked = null;
  };

  CaseMap.prototype.refreshHighlight = function () {
    if (this.selectedId === null) return;
    var marker = this.markers.get(this.selectedId);
    if (marker) this.highlight.setLatLng(marker.getLatLng());
    else this.highlight.remove();
  };

  // --- tooltips and popups: text from Python, shown as text ---------------------------------------------

  CaseMap.prototype.withInfo = function (marker, done) {
    if (marker.info) {
      done(marker.info);
      return;
    }
    if (!this.bridge) return;
    this.bridge.case_info(marker.caseId, function (json) {
      var info = json ? JSON.parse(json) : null;
      if (info) {
        marker.info = info;
        done(info);
      }
    });
  };

  CaseMap.prototype.card = function (info) {
    var card = el("div", "cs-card");
    var head = el("div", "cs-head");
    head.appendChild(el("b", "cs-tracking", info.tracking));
    head.appendChild(el("span", "cs-status", info.status));
    var sla = el("span", "cs-sla cs-sla-" + String(info.sla_code).replace(/[^a-z_]/g, ""), info.sla);
    head.appendChild(sla);
    card.appendChild(head);
    card.appendChild(el("div", "cs-category", info.category));
    card.appendChild(el("div", "cs-address", info.address));
    card.appendChild(el("div", "cs-description", info.description));
    card.appendChild(el("div", "cs-unit", info.unit));
    return card;
  };

  CaseMap.prototype.onMarkerHover = function (e) {
    var self = this, marker = e.layer;
    if (this.picking) return;
    this.withInfo(marker, function (info) {
      if (!marker.getTooltip()) marker.bindTooltip("", {direction: "top", offset: [0, -8], className: "cs-tooltip"});
      marker.setTooltipContent(self.card(info));
      if (marker._map) marker.openTooltip();
    });
  };

  CaseMap.prototype.openPopup = function (marker) {
    var self = this;
    this.withInfo(marker, function (info) {
      if (!marker.getPopup()) marker.bindPopup("", {className: "cs-popup", maxWidth: 320});
      marker.setPopupContent(self.card(info));
      if (marker._map) marker.openPopup();
    });
  };

  CaseMap.prototype.onMarkerClick = function (e) {
    if (this.picking) {
      this.pickAt(e); // a marker under the pointer does not stop a pick: the point counts
      return;
    }
    var marker = e.layer;
    this.lastClicked = marker.caseId;
    if (this.bridge) this.bridge.marker_clicked(marker.caseId);
    this.openPopup(marker);
  };

  // --- pick mode: the next click sets a location --------------------------------------------------------

  CaseMap.prototype.setPicking = function (on, tellPython) {
    on = !!on;
    var wasPicking = this.picking;
    this.picking = on;
    // Clusters neither zoom nor spiderfy while picking: a click is a point, whatever is under it.
    this.cluster.options.zoomToBoundsOnClick = !on;
    this.cluster.options.spiderfyOnMaxZoom = !on;
    this.map.getContainer().classList.toggle("cs-picking", on);
    if (on) this.map.closePopup();
    if (!on && wasPicking && tellPython && this.bridge) this.bridge.pick_cancelled_in_page();
  };

  CaseMap.prototype.pickAt = function (e) {
    if (!this.picking) return;
    // Where the pointer is, not the centre of whatever marker or cluster happens to be under it.
    var at = e.originalEvent ? this.map.mouseEventToLatLng(e.originalEvent) : e.latlng;
    this.setPicking(false, false);
    if (this.bridge) this.bridge.location_picked_at(at.lat, at.lng);
  };

  // --- crews ---------------------------------------------------------------------------------------------

  CaseMap.prototype.setCrews = function (rows) {
    var self = this, crews = this.crews;
    crews.clearLayers();
    (rows || []).forEach(function (crew) {
      var marker = L.circleMarker([crew.lat, crew.lon], {
        radius: 9,
        pane: "cs-crews",
        renderer: self.crewRenderer,
        fillColor: CREW_FILL[crew.status] || "#757575",
        fillOpacity: crew.stale ? 0.35 : 0.95,
        color: crew.stale ? "#616161" : "#111111",
        weight: 2.5,
        dashArray: crew.stale ? "4 3" : null,
        className: crew.stale ? "cs-crew cs-crew-stale" : "cs-crew"
      });
      marker.crewId = crew.id;
      marker.stale = !!crew.stale;
      var card = el("div", "cs-card cs-crew-card");
      card.appendChild(el("b", "cs-crew-name", crew.name));
      card.appendChild(el("div", "cs-crew-status", crew.status_label));
      card.appendChild(el("div", crew.stale ? "cs-crew-age cs-stale" : "cs-crew-age", crew.age));
      marker.bindTooltip(card, {direction: "top", offset: [0, -10], className: "cs-tooltip"});
      crews.addLayer(marker);
    });
  };

  // --- for tests and benchmarks --------------------------------------------------------------------------

  CaseMap.prototype.markerPoint = function (id) {
    var marker = this.markers.get(id);
    if (!marker) return null;
    var point = this.map.latLngToContainerPoint(marker.getLatLng());
    // A circle marker is on the map only when no cluster hides it (getVisibleParent() knows icons only).
    return {x: point.x, y: point.y, clustered: !marker._map, lat: marker.getLatLng().lat,
            lng: marker.getLatLng().lng};
  };

  CaseMap.prototype.stats = function () {
    var center = this.map.getCenter();
    return {
      markers: this.markers.size,
      inCluster: this.cluster.getLayers().length,
      crews: this.crews.getLayers().length,
      staleCrews: this.crews.getLayers().filter(function (m) { return m.stale; }).length,
      picking: this.picking,
      selected: this.selectedId,
      highlighted: this.map.hasLayer(this.highlight),
      center: [center.lat, center.lng],
      zoom: this.map.getZoom(),
      districts: this.districts ? this.districts.getLayers().length : 0
    };
  };

  window.CallSofiaMap = {
    start: function (map, cluster, crews, districts, tiles, options) {
      var caseMap = new CaseMap(map, cluster, crews, districts, tiles, options);
      if (typeof QWebChannel === "undefined" || typeof qt === "undefined") {
        console.error("Call Sofia map: Qt WebChannel is not available; the map stays empty");
        return caseMap;
      }
      new QWebChannel(qt.webChannelTransport, function (channel) {
        caseMap.connect(channel.objects.bridge);
      });
      return caseMap;
    }
  };
})();
