/* argmap: the interactive map's behaviour. Included once per map; it starts every map root on the
   page that has not started yet, so a fragment pasted twice gives two independent maps. Corpus text
   is only ever written with textContent (or drawn on the canvas), never parsed as HTML. */
(function () {
  "use strict";
  var ns = window.argmap;
  var DIM = 0.15;
  var INK = "#343434", FADED_INK = "rgba(52, 52, 52, 0.25)";  // node opacity leaves labels alone
  var own = document.currentScript && document.currentScript.closest(".argmap-root");
  var roots = own ? [own] : Array.prototype.slice.call(document.querySelectorAll(".argmap-root"));
  roots.forEach(function (root) {
    if (!root.argmapMap) { start(root); }
  });

  function start(root) {
    var vis = ns.vis;
    var data = JSON.parse(root.querySelector("script.am-data").textContent);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var baseEdges = {};
    data.edges.forEach(function (e) { baseEdges[e.id] = e; });
    var authorName = {};
    data.authors.forEach(function (a) { authorName[a.id] = a.name; });
    var network = new vis.Network(root.querySelector(".am-canvas"), { nodes: nodes, edges: edges }, data.options);
    var details = root.querySelector(".am-details");
    var panel = root.querySelector(".am-panel");
    var search = root.querySelector(".am-search");
    var state = { focus: null, query: "" };
    var shown = {};  // what was last written to the DataSets, so that only changes are sent
    var map = {
      root: root, network: network, nodes: nodes, edges: edges, ready: false,
      focus: focus, showAll: showAll, visibleNodeIds: visibleNodeIds, visibleEdgeIds: visibleEdgeIds
    };
    root.argmapMap = map;
    ns.maps.push(map);

    network.once("afterDrawing", function () {
      map.ready = true;
      map.readyAt = performance.now();
      root.setAttribute("data-argmap-ready", "true");
    });
    network.on("click", function (params) {
      if (params.nodes.length) { focus(params.nodes[0]); }
      else if (!params.edges.length) { state.focus = null; apply(); renderPanel(); }
    });
    root.querySelectorAll(".am-filter input").forEach(function (box) {
      box.addEventListener("change", function () { apply(); renderPanel(); });
    });
    search.addEventListener("input", function () {
      state.query = search.value.trim().toLowerCase();
      state.focus = null;
      network.unselectAll();
      apply();
      renderPanel();
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = matches()[0];
        if (first) { focus(first); }
      }
    });
    root.querySelectorAll(".am-set").forEach(function (button) {
      button.addEventListener("click", function () {
        button.closest(".am-filter").querySelectorAll("input").forEach(function (box) { box.checked = button.dataset.set === "all"; });
        apply();
        renderPanel();
      });
    });
    root.querySelector(".am-reset").addEventListener("click", showAll);
    root.querySelector(".am-close").addEventListener("click", function () {
      state.focus = null;
      network.unselectAll();
      apply();
      panel.hidden = true;
    });
    apply();

    function checked(filter) {
      var on = {};
      root.querySelectorAll('.am-filter[data-filter="' + filter + '"] input').forEach(function (box) {
        on[box.value] = box.checked;
      });
      return on;
    }

    function nodeVisible(node, authors, methods) {
      return authors[node.author] !== false && methods[node.method] !== false;
    }

    function matches() {
      if (!state.query) { return []; }
      return nodes.getIds({ filter: function (n) { return !n.hidden; } }).filter(function (id) {
        var claim = data.claims[id];
        return (claim.statement + "\n" + claim.quote).toLowerCase().indexOf(state.query) >= 0;
      });
    }

    /* Filters hide; focus and search dim. Only nodes and edges whose look changes are updated. */
    function apply() {
      var authors = checked("author"), kinds = checked("kind"), methods = checked("method");
      var visible = {};
      nodes.forEach(function (n) { visible[n.id] = nodeVisible(n, authors, methods); });
      if (state.focus && !visible[state.focus]) { state.focus = null; }
      var edgeVisible = {};
      edges.forEach(function (e) {
        edgeVisible[e.id] = kinds[e.kind] !== false && methods[e.method] !== false && visible[e.from] && visible[e.to];
      });
      var keep = null;
      if (state.focus) {
        keep = {};
        keep[state.focus] = true;
        edges.forEach(function (e) {
          if (edgeVisible[e.id] && (e.from === state.focus || e.to === state.focus)) { keep[e.from] = keep[e.to] = true; }
        });
      } else if (state.query) {
        keep = {};
        matches().forEach(function (id) { keep[id] = true; });
      }
      var nodeChanges = [], edgeChanges = [];
      nodes.forEach(function (n) {
        var look = (visible[n.id] ? "v" : "h") + (keep && !keep[n.id] ? "d" : "");
        if (shown["n" + n.id] === look || (shown["n" + n.id] === undefined && look === "v")) { return; }
        shown["n" + n.id] = look;
        nodeChanges.push({
          id: n.id, hidden: !visible[n.id], opacity: look === "vd" ? DIM : 1, font: { color: look === "vd" ? FADED_INK : INK }
        });
      });
      edges.forEach(function (e) {
        var lit = !keep || (state.focus ? (e.from === state.focus || e.to === state.focus) : keep[e.from] && keep[e.to]);
        var look = (edgeVisible[e.id] ? "v" : "h") + (lit ? "" : "d");
        if (shown["e" + e.id] === look || (shown["e" + e.id] === undefined && look === "v")) { return; }
        shown["e" + e.id] = look;
        var base = baseEdges[e.id].color;
        edgeChanges.push({
          id: e.id, hidden: !edgeVisible[e.id],
          color: { color: base.color, highlight: base.highlight, hover: base.hover, opacity: lit ? 1 : DIM }
        });
      });
      if (nodeChanges.length) { nodes.update(nodeChanges); }
      if (edgeChanges.length) { edges.update(edgeChanges); }
    }

    function visibleNodeIds() {
      return nodes.getIds({ filter: function (n) { return !n.hidden; } });
    }

    function visibleEdgeIds() {
      return edges.getIds({ filter: function (e) { return !e.hidden; } });
    }

    function focus(id) {
      if (!nodes.get(id)) { return; }
      state.focus = id;
      apply();
      if (state.focus !== id) { renderPanel(); return; }  // filtered out
      network.selectNodes([id]);
      var around = [id];
      edges.forEach(function (e) {
        if (!e.hidden && (e.from === id || e.to === id)) { around.push(e.from === id ? e.to : e.from); }
      });
      renderPanel();
      showAround(around);
    }

    /* Zoom onto the claims in the part of the canvas that the side panel leaves free. */
    function showAround(ids) {
      var canvas = root.querySelector(".am-canvas").getBoundingClientRect();
      var cover = panel.hidden ? null : panel.getBoundingClientRect();
      var freeW = canvas.width, freeH = canvas.height, dx = 0, dy = 0;
      if (cover && cover.height >= canvas.height - 1) { freeW -= cover.width; dx = -cover.width / 2; }
      else if (cover) { freeH -= cover.height; dy = -cover.height / 2; }
      var boxes = network.getPositions(ids), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      ids.forEach(function (id) {
        var p = boxes[id];
        x0 = Math.min(x0, p.x - 100); x1 = Math.max(x1, p.x + 100);
        y0 = Math.min(y0, p.y - 40); y1 = Math.max(y1, p.y + 80);
      });
      var scale = Math.min(1.3, Math.max(0.05, freeW / (x1 - x0)), Math.max(0.05, freeH / (y1 - y0)));
      network.moveTo({
        position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, offset: { x: dx, y: dy },
        animation: { duration: 300, easingFunction: "easeInOutQuad" }
      });
    }

    function showAll() {
      // Back to the page's defaults: everything shown but suggested links, which a reader asks for.
      root.querySelectorAll(".am-filter input").forEach(function (box) { box.checked = box.defaultChecked; });
      search.value = "";
      state.query = "";
      state.focus = null;
      network.unselectAll();
      apply();
      renderPanel();
      network.fit({ animation: false });
    }

    /* The side panel, built from DOM nodes and textContent only. */
    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text !== undefined && text !== null) { node.textContent = text; }
      return node;
    }

    function claimButton(id) {
      var claim = data.claims[id], source = data.sources[claim.source];
      var button = el("button", "am-link", claim.statement + " — " + authorName[source.author]);
      button.type = "button";
      button.addEventListener("click", function () { focus(id); });
      return button;
    }

    function renderPanel() {
      details.textContent = "";
      panel.hidden = !state.focus && !state.query;
      if (state.focus) { renderClaim(state.focus); return; }
      if (state.query) {
        var found = matches();
        details.appendChild(el("h4", null, found.length + (found.length === 1 ? " claim matches" : " claims match")));
        var list = el("ul");
        found.slice(0, 60).forEach(function (id) { var li = el("li"); li.appendChild(claimButton(id)); list.appendChild(li); });
        details.appendChild(list);
      }
    }

    function renderClaim(id) {
      var claim = data.claims[id], source = data.sources[claim.source];
      details.appendChild(el("h3", "am-statement", claim.statement));
      if (claim.polarity === "denied") { details.appendChild(el("p", "am-note", "The author denies this statement.")); }
      details.appendChild(el("blockquote", "am-quote", "“" + claim.quote + "”"));
      var facts = el("dl");
      function fact(term, value) {
        if (value === null || value === undefined || value === "") { return; }
        facts.appendChild(el("dt", null, term));
        var dd = el("dd");
        if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
        facts.appendChild(dd);
      }
      fact("Author", authorName[source.author]);
      if (claim.holder) {
        fact("View of", claim.holder + (claim.holder_actor ? " [" + claim.holder_actor + "]" : "") +
          " (the author reports it: it is linked only to other reports of this view, never to an author's own view)");
      }
      fact("Kind", claim.kind);
      var title = el("span", "am-source-title", source.title);
      if (source.url && /^https?:\/\//i.test(source.url)) {
        title = el("a", "am-source-link", source.title);
        title.href = source.url;
        title.target = "_blank";
        title.rel = "noopener noreferrer";
      }
      fact("Source", title);
      fact("Date", source.date);
      fact("Publisher", source.publisher);
      fact("Method", claim.method + (claim.rule ? " (rule " + claim.rule + ")" : ""));
      details.appendChild(facts);
      var groups = [
        ["Supported by", function (e) { return e.to === id && e.kind === "supports"; }, "from"],
        ["Contradicted by", function (e) { return e.to === id && e.kind === "contradicts"; }, "from"],
        ["Supports", function (e) { return e.from === id && e.kind === "supports"; }, "to"],
        ["Contradicts", function (e) { return e.from === id && e.kind === "contradicts"; }, "to"]
      ];
      groups.forEach(function (group) {
        var found = edges.get({ filter: function (e) { return !e.hidden && group[1](e); } });
        if (!found.length) { return; }
        details.appendChild(el("h4", null, group[0]));
        var list = el("ul", "am-related");
        found.forEach(function (e) {
          var li = el("li");
          li.appendChild(claimButton(e[group[2]]));
          var how = { derived: "derived: ", suggested: "suggested, not checked by a person: " }[e.method] || "";
          li.appendChild(el("span", "am-rationale", how + e.rationale));
          list.appendChild(li);
        });
        details.appendChild(list);
      });
    }
  }
})();
