/* argmap: the interactive map's behaviour. Included once per map; it starts every map root on the
   page that has not started yet, so a fragment pasted twice gives two independent maps. Corpus text
   is only ever written with textContent (or drawn on the canvas), never parsed as HTML. */
(function () {
  "use strict";
  var ns = window.argmap;
  var DIM = 0.15, LIST_SHOWN = 60;
  var INK = "#1f2328", FADED_INK = "#6e7781";  // dimmed labels keep 4.5:1 on white (node opacity leaves labels alone)
  var own = document.currentScript && document.currentScript.closest(".argmap-root");
  var roots = own ? [own] : Array.prototype.slice.call(document.querySelectorAll(".argmap-root"));
  roots.forEach(function (root) {
    if (!root.argmapMap) { start(root); }
  });

  /* The days a partial date ("2016", "2016-07", "2016-07-23") may stand for, as [first, last] strings. */
  function dayRange(partial) {
    if (!partial) { return null; }
    var parts = partial.split("-");
    if (parts.length === 1) { return [partial + "-01-01", partial + "-12-31"]; }
    if (parts.length === 2) {
      var last = new Date(Date.UTC(+parts[0], +parts[1], 0)).getUTCDate();
      return [partial + "-01", partial + "-" + (last < 10 ? "0" : "") + last];
    }
    return [partial, partial];
  }

  function start(root) {
    var vis = ns.vis;
    var data = JSON.parse(root.querySelector("script.am-data").textContent);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var baseEdges = {}, nodeById = {};
    var suggestedEnd = {};  // claims at either end of a suggested link: unfolded while suggested links are shown
    data.edges.forEach(function (e) {
      baseEdges[e.id] = e;
      if (e.method === "suggested") { suggestedEnd[e.from] = suggestedEnd[e.to] = true; }
    });
    data.nodes.forEach(function (n) { nodeById[n.id] = n; });
    var authorName = {};
    data.authors.forEach(function (a) { authorName[a.id] = a.name; });
    var relationsOf = {};
    data.relations.concat(data.suggestions || []).forEach(function (r) {  // suggested links listed only while shown
      (relationsOf[r.from] = relationsOf[r.from] || []).push(r);
      (relationsOf[r.to] = relationsOf[r.to] || []).push(r);
    });
    var questionByNode = {}, questionByClaim = {};
    data.questions.forEach(function (q) {
      if (q.node) { questionByNode[q.node] = q; }
      if (q.claim) { questionByClaim[q.claim] = q; }
    });
    var canvasHost = root.querySelector(".am-canvas");
    var network = new vis.Network(canvasHost, { nodes: nodes, edges: edges }, data.options);
    var frame = canvasHost.querySelector(".vis-network");
    if (frame) {
      frame.setAttribute("role", "application");
      frame.setAttribute("aria-label", "Argument map canvas. Arrow keys pan, plus and minus zoom, Enter selects the claim nearest the centre. The same content is in the Questions and List views.");
    }
    var level = +root.querySelector(".am-title").tagName.charAt(1) || 2;  // headings below the map's title
    var H1 = "h" + Math.min(6, level + 1), H2 = "h" + Math.min(6, level + 2);
    var details = root.querySelector(".am-details");
    var panel = root.querySelector(".am-panel");
    var search = root.querySelector(".am-search");
    var status = root.querySelector(".am-status");
    var groupsButton = root.querySelector(".am-groups");
    var state = { focus: null, query: "", open: {}, view: "map", returnFocus: null, listAll: false };
    var passes = {};  // claim id -> passes the filters (whether or not its group is folded)
    var listBuilt = false;
    var shown = {};  // what was last written to the DataSets, so that only changes are sent
    var map = {
      root: root, network: network, nodes: nodes, edges: edges, ready: false, data: data,
      focus: focus, showAll: reset, visibleNodeIds: visibleNodeIds, visibleEdgeIds: visibleEdgeIds,
      toggleGroup: toggleGroup, setView: setView, initialView: initialView, labelScale: function () { return network.getScale(); }
    };
    root.argmapMap = map;
    ns.maps.push(map);

    network.once("afterDrawing", function () {
      initialView();
      map.ready = true;
      map.readyAt = performance.now();
      root.setAttribute("data-argmap-ready", "true");
    });
    network.on("click", function (params) {
      if (params.nodes.length) { activate(params.nodes[0], null); }
      else if (!params.edges.length) { state.focus = null; apply(); renderPanel(); }
    });
    root.querySelectorAll(".am-filter input, .am-filter select").forEach(function (box) {
      box.addEventListener("change", function () { apply(); renderPanel(); announceVisible(); });
    });
    search.addEventListener("input", function () {
      state.query = search.value.trim().toLowerCase();
      state.focus = null;
      state.listAll = false;
      network.unselectAll();
      apply();
      renderPanel();
      if (state.query) { var n = matches().length; say(n + (n === 1 ? " claim matches" : " claims match") + " “" + search.value.trim() + "”"); }
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = matches()[0];
        if (first) { state.returnFocus = search; focus(first); }
      }
    });
    root.querySelectorAll(".am-set").forEach(function (button) {
      button.addEventListener("click", function () {
        button.closest(".am-filter").querySelectorAll("input").forEach(function (box) { box.checked = button.dataset.set === "all"; });
        apply();
        renderPanel();
      });
    });
    root.querySelector(".am-reset").addEventListener("click", reset);
    root.querySelector(".am-fit").addEventListener("click", function () { fitVisible(false); say("The whole map is in view."); });
    if (groupsButton) {
      groupsButton.addEventListener("click", function () {
        var openAll = groupsButton.getAttribute("aria-pressed") !== "true";
        nodes.forEach(function (n) { if (n.kind === "group") { state.open[n.id] = openAll; } });
        apply();
        say(openAll ? "Unlinked claims shown." : "Unlinked claims folded into their boxes.");
      });
    }
    root.querySelector(".am-close").addEventListener("click", closePanel);
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); closePanel(); }
    });
    if (frame) {
      frame.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          var nearest = nearestToCentre();
          if (nearest) { state.returnFocus = frame; activate(nearest, frame); }
        }
      });
    }
    root.querySelectorAll(".am-tab").forEach(function (tab) {
      tab.addEventListener("click", function () { setView(tab.dataset.view); });
      tab.addEventListener("keydown", function (event) {
        var tabs = Array.prototype.slice.call(root.querySelectorAll(".am-tab"));
        var i = tabs.indexOf(tab);
        if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
          var next = tabs[(i + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
          next.focus();
          setView(next.dataset.view);
        }
      });
    });
    if (window.matchMedia && window.matchMedia("(max-width: 640px)").matches) {
      root.querySelector(".am-options").open = false;  // a narrow screen keeps its height for the map
    }
    apply();

    /* ---------------------------------------------------------------- what is shown */

    function checked(filter) {
      var on = {};
      root.querySelectorAll('.am-filter[data-filter="' + filter + '"] input').forEach(function (box) {
        on[box.value] = box.checked;
      });
      return on;
    }

    function dateWindow() {
      var since = root.querySelector(".am-since"), until = root.querySelector(".am-until");
      return {
        first: since && since.value ? dayRange(since.value)[0] : null,
        last: until && until.value ? dayRange(until.value)[1] : null
      };
    }

    /* Inside the window only when certainly so: the whole range of a partial date lies within it. */
    function inWindow(date, window) {
      if (!window.first && !window.last) { return true; }
      var days = dayRange(date);
      if (!days) { return false; }
      return (!window.first || days[0] >= window.first) && (!window.last || days[1] <= window.last);
    }

    function claimPasses(node, authors, methods, window) {
      return authors[node.author] !== false && methods[node.method] !== false && inWindow(node.date, window);
    }

    function matches() {
      if (!state.query) { return []; }
      return Object.keys(data.claims).filter(function (id) {
        var claim = data.claims[id];
        return passes[id] && (claim.statement + "\n" + claim.quote).toLowerCase().indexOf(state.query) >= 0;
      });
    }

    /* Filters hide; focus and search dim; a folded group hides its claims. Only changed items are updated. */
    function apply() {
      var authors = checked("author"), kinds = checked("kind"), methods = checked("method"), window = dateWindow();
      var visible = {};
      var questionVisible = {}, groupVisible = {};
      nodes.forEach(function (n) {
        if (n.kind !== "claim") { return; }
        passes[n.id] = claimPasses(n, authors, methods, window);
        var folded = n.group && !state.open[n.group] && !(kinds.suggested === true && suggestedEnd[n.id]);
        visible[n.id] = passes[n.id] && !folded;
        if (passes[n.id] && n.group) { groupVisible[n.group] = true; }
      });
      edges.forEach(function (e) {
        if (e.kind === "stance" && visible[e.from]) { questionVisible[e.to] = true; }
      });
      nodes.forEach(function (n) {
        if (n.kind === "question") { visible[n.id] = !!questionVisible[n.id]; }
        if (n.kind === "group") { visible[n.id] = !!groupVisible[n.id]; }
      });
      if (state.focus && !visible[state.focus]) { state.focus = null; }
      var edgeVisible = {};
      edges.forEach(function (e) {
        edgeVisible[e.id] = kinds[e.kind] !== false && (e.method !== "suggested" || kinds.suggested === true) &&
          visible[e.from] && visible[e.to];
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
        var initial = nodeById[n.id].hidden ? "h" : "v";
        if (shown["n" + n.id] === look || (shown["n" + n.id] === undefined && look === initial)) { return; }
        shown["n" + n.id] = look;
        var change = { id: n.id, hidden: !visible[n.id], opacity: look === "vd" ? DIM : 1, font: { color: look === "vd" ? FADED_INK : INK } };
        if (n.kind === "group") { change.label = groupLabel(n); }
        nodeChanges.push(change);
      });
      edges.forEach(function (e) {
        var lit = !keep || (state.focus ? (e.from === state.focus || e.to === state.focus) : keep[e.from] && keep[e.to]);
        var look = (edgeVisible[e.id] ? "v" : "h") + (lit ? "" : "d");
        var initialEdge = baseEdges[e.id].hidden ? "h" : "v";  // suggested links start hidden
        if (shown["e" + e.id] === look || (shown["e" + e.id] === undefined && look === initialEdge)) { return; }
        shown["e" + e.id] = look;
        var base = baseEdges[e.id].color;
        edgeChanges.push({
          id: e.id, hidden: !edgeVisible[e.id],
          color: { color: base.color, highlight: base.highlight, hover: base.hover, opacity: lit ? 1 : DIM }
        });
      });
      if (nodeChanges.length) { nodes.update(nodeChanges); }
      if (edgeChanges.length) { edges.update(edgeChanges); }
      if (groupsButton) {
        var allOpen = nodes.get({ filter: function (n) { return n.kind === "group"; } }).every(function (g) { return state.open[g.id]; });
        groupsButton.setAttribute("aria-pressed", allOpen ? "true" : "false");
        groupsButton.textContent = allOpen ? "Fold unlinked claims" : "Show unlinked claims";
      }
      if (state.view === "list" && listBuilt) { renderList(); }
    }

    function groupLabel(group) {
      var base = nodeById[group.id].label;
      return state.open[group.id] ? base.replace(/▸$/, "▾") : base;
    }

    function visibleNodeIds() {
      return nodes.getIds({ filter: function (n) { return !n.hidden; } });
    }

    function visibleEdgeIds() {
      return edges.getIds({ filter: function (e) { return !e.hidden; } });
    }

    function announceVisible() {
      var count = visibleNodeIds().filter(function (id) { return data.claims[id]; }).length;
      var total = Object.keys(data.claims).filter(function (id) { return passes[id]; }).length;
      say(total + " of " + Object.keys(data.claims).length + " claims pass the filters" + (count < total ? "; " + count + " are drawn (the rest are folded into their article's box)." : "."));
    }

    function say(text) {
      status.textContent = text;
    }

    /* ---------------------------------------------------------------- the view */

    /* Fit what is visible; but never so small that labels drop under the readable size: then show the
       busiest question at a readable zoom (Fit all shows everything, however small). */
    function initialView() {
      fitVisible(true);
    }

    function visibleBox() {
      var ids = visibleNodeIds(), box = null;
      var positions = network.getPositions(ids);
      ids.forEach(function (id) {
        var p = positions[id];
        var b = network.getBoundingBox(id);
        var left = Math.min(b.left, p.x - 20), right = Math.max(b.right, p.x + 20), top = Math.min(b.top, p.y - 20), bottom = Math.max(b.bottom, p.y + 20);
        box = box ? { left: Math.min(box.left, left), right: Math.max(box.right, right), top: Math.min(box.top, top), bottom: Math.max(box.bottom, bottom) }
          : { left: left, right: right, top: top, bottom: bottom };
      });
      return box;
    }

    function fitVisible(readable) {
      var box = visibleBox();
      if (!box) { return; }
      var rect = canvasHost.getBoundingClientRect();
      var margin = 16;
      var scale = Math.min((rect.width - 2 * margin) / (box.right - box.left), (rect.height - 2 * margin) / (box.bottom - box.top));
      var centre = { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
      if (readable && scale < data.readableScale) {
        scale = data.readableScale;
        centre = busiestCentre(rect, scale) || centre;
        // Keep the map's own edges inside the view where they are near: no label cut at the left or top.
        var halfW = (rect.width - 2 * margin) / scale / 2, halfH = (rect.height - 2 * margin) / scale / 2;
        centre = { x: Math.max(centre.x, box.left + halfW), y: Math.max(centre.y, box.top + halfH) };
      }
      network.moveTo({ position: centre, scale: Math.min(scale, 1.6), animation: false });
    }

    /* The centre of the readable screenful that holds the most of the map: each visible node counts,
       a question more (a contested one most), so the first view shows where the authors meet. */
    function busiestCentre(rect, scale) {
      var halfW = rect.width / scale / 2 - 90, halfH = rect.height / scale / 2 - 40;
      var ids = visibleNodeIds(), positions = network.getPositions(ids), points = [];
      var contested = {};
      data.questions.forEach(function (q) { if (q.node && q.contested) { contested[q.node] = true; } });
      ids.forEach(function (id) {
        var kind = nodeById[id].kind;
        points.push({ x: positions[id].x, y: positions[id].y, weight: kind === "question" ? (contested[id] ? 4 : 2) : kind === "group" ? 0.5 : 1 });
      });
      var best = null, most = -1;
      points.forEach(function (centre) {
        var total = 0;
        for (var i = 0; i < points.length; i++) {
          var p = points[i];
          if (Math.abs(p.x - centre.x) < halfW && Math.abs(p.y - centre.y) < halfH) { total += p.weight; }
        }
        if (total > most) { most = total; best = centre; }
      });
      return best && { x: best.x, y: best.y };
    }

    function nearestToCentre() {
      var view = network.getViewPosition(), best = null, distance = Infinity;
      var positions = network.getPositions(visibleNodeIds());
      Object.keys(positions).forEach(function (id) {
        var p = positions[id], d = (p.x - view.x) * (p.x - view.x) + (p.y - view.y) * (p.y - view.y);
        if (d < distance) { distance = d; best = id; }
      });
      return best;
    }

    function setView(view) {
      state.view = view;
      root.querySelectorAll(".am-tab").forEach(function (tab) {
        var on = tab.dataset.view === view;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
      });
      canvasHost.hidden = view !== "map";
      root.querySelector(".am-questions").hidden = view !== "questions";
      root.querySelector(".am-list").hidden = view !== "list";
      if (view === "questions") { renderQuestions(); }
      if (view === "list") { renderList(); }
      say(view === "map" ? "Map view." : view === "questions" ? data.questions.length + " shared questions." : "Every claim, by article.");
    }

    /* ---------------------------------------------------------------- selecting */

    function activate(id, opener) {
      var node = nodeById[id];
      if (!node) { return; }
      if (node.kind === "group") { toggleGroup(id); return; }
      if (opener) { state.returnFocus = opener; }
      focus(id);
    }

    function toggleGroup(id) {
      state.open[id] = !state.open[id];
      apply();
      var members = nodeById[id].members.length;
      say(state.open[id] ? members + " unlinked claims of " + (data.sources[nodeById[id].source] || {}).title + " shown." : "Folded.");
      if (state.open[id]) { showAround([id].concat(nodeById[id].members)); }
    }

    function focus(id) {
      if (!nodes.get(id)) { return; }
      var claim = data.claims[id];
      if (claim && claim.group && !state.open[claim.group]) { state.open[claim.group] = true; }
      if (state.view !== "map" && !state.returnFocus) { state.returnFocus = document.activeElement; }
      if (state.view !== "map") { setView("map"); }
      state.focus = id;
      apply();
      if (state.focus !== id) { renderPanel(); say("That claim is hidden by the filters."); return; }
      network.selectNodes([id]);
      var around = [id];
      edges.forEach(function (e) {
        if (!e.hidden && (e.from === id || e.to === id)) { around.push(e.from === id ? e.to : e.from); }
      });
      renderPanel();
      showAround(around);
      var heading = details.querySelector(".am-heading");
      if (heading) { heading.focus(); }
      say("Selected: " + (claim ? claim.statement : (questionByNode[id] || {}).text || id));
    }

    function closePanel() {
      state.focus = null;
      state.query = state.query;  // a search stays; its list closes with the panel
      network.unselectAll();
      apply();
      panel.hidden = true;
      say("Details closed.");
      var back = state.returnFocus;
      state.returnFocus = null;
      if (back && document.contains(back)) { back.focus(); } else if (frame) { frame.focus(); }
    }

    /* Zoom onto the given nodes in the part of the canvas that the side panel leaves free. */
    function showAround(ids) {
      var canvas = canvasHost.getBoundingClientRect();
      var cover = panel.hidden ? null : panel.getBoundingClientRect();
      var freeW = canvas.width, freeH = canvas.height, dx = 0, dy = 0;
      if (cover && cover.height >= canvas.height - 1) { freeW -= cover.width; dx = -cover.width / 2; }
      else if (cover) { freeH -= cover.height; dy = -cover.height / 2; }
      var boxes = network.getPositions(ids), x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      ids.forEach(function (id) {
        var p = boxes[id];
        if (!p) { return; }
        x0 = Math.min(x0, p.x - 110); x1 = Math.max(x1, p.x + 110);
        y0 = Math.min(y0, p.y - 40); y1 = Math.max(y1, p.y + 70);
      });
      var scale = Math.min(1.4, Math.max(data.readableScale, Math.min(freeW / (x1 - x0), freeH / (y1 - y0))));
      network.moveTo({
        position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale, offset: { x: dx, y: dy },
        animation: { duration: 300, easingFunction: "easeInOutQuad" }
      });
    }

    function reset() {
      // Back to the page's defaults: everything shown but suggested links, which a reader asks for.
      root.querySelectorAll(".am-filter input").forEach(function (box) { box.checked = box.defaultChecked; });
      root.querySelectorAll(".am-filter select").forEach(function (select) { select.value = ""; });
      search.value = "";
      state.query = "";
      state.focus = null;
      state.open = {};
      network.unselectAll();
      apply();
      renderPanel();
      initialView();
      say("Filters, search and selection reset.");
    }

    /* ---------------------------------------------------------------- the side panel (DOM nodes and textContent only) */

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text !== undefined && text !== null) { node.textContent = text; }
      return node;
    }

    function claimButton(id, withAuthor) {
      var claim = data.claims[id], source = data.sources[claim.source];
      var text = (claim.holder ? claim.holder + " (reported): " : "") + (claim.polarity === "denied" ? "denies: " : "") + claim.statement;
      var button = el("button", "am-link", withAuthor === false ? text : text + " — " + authorName[source.author]);
      button.type = "button";
      button.addEventListener("click", function () { state.returnFocus = button; focus(id); });
      return button;
    }

    function renderPanel() {
      details.textContent = "";
      panel.hidden = !state.focus && !state.query;
      if (state.focus) {
        if (data.claims[state.focus]) { renderClaim(state.focus); }
        else if (questionByNode[state.focus]) { renderQuestion(questionByNode[state.focus], details, true); }
        return;
      }
      if (state.query) {
        var found = matches();
        var shownCount = state.listAll ? found.length : Math.min(found.length, LIST_SHOWN);
        var heading = el(H1, "am-heading", found.length + (found.length === 1 ? " claim matches" : " claims match")
          + (shownCount < found.length ? " (showing " + shownCount + " of " + found.length + ")" : ""));
        heading.tabIndex = -1;
        details.appendChild(heading);
        var list = el("ul");
        found.slice(0, shownCount).forEach(function (id) { var li = el("li"); li.appendChild(claimButton(id)); list.appendChild(li); });
        details.appendChild(list);
        if (shownCount < found.length) {
          var more = el("button", "am-button", "Show all " + found.length);
          more.type = "button";
          more.addEventListener("click", function () { state.listAll = true; renderPanel(); });
          details.appendChild(more);
        }
      }
    }

    function stanceText(cell) {
      if (cell.stance === "reports") {
        return "reports " + cell.reported.map(function (v) { return v.holder + " (" + v.stance + ")"; }).join("; ");
      }
      return cell.stance + (cell.implied ? " (implied by a relation)" : "");
    }

    /* A question: each author's stance, with the claims behind it and the date. */
    function renderQuestion(question, into, asPanel) {
      var heading = el(H1, asPanel ? "am-heading" : null, question.text);
      if (asPanel) { heading.tabIndex = -1; }
      into.appendChild(heading);
      into.appendChild(el("p", "am-note", question.contested ? "Contested: some authors affirm it, others deny it." : "No author denies what another affirms."));
      var list = el("ul");
      Object.keys(question.cells).sort(function (a, b) { return authorName[a] < authorName[b] ? -1 : 1; }).forEach(function (author) {
        var cell = question.cells[author];
        var li = el("li");
        li.appendChild(el("strong", null, authorName[author] + ": "));
        li.appendChild(el("span", "am-stance-" + cell.stance, stanceText(cell)));
        if (cell.date) { li.appendChild(el("span", "am-note", " (" + cell.date + ")")); }
        var claims = cell.claims.concat([].concat.apply([], cell.reported.map(function (v) { return v.claims; })));
        if (claims.length) {
          var sub = el("ul");
          claims.forEach(function (id) { var item = el("li"); item.appendChild(claimButton(id, false)); sub.appendChild(item); });
          li.appendChild(sub);
        }
        list.appendChild(li);
      });
      into.appendChild(list);
    }

    function renderClaim(id) {
      var claim = data.claims[id], source = data.sources[claim.source];
      var heading = el(H1, "am-heading am-statement", claim.statement);
      heading.tabIndex = -1;
      details.appendChild(heading);
      if (claim.polarity === "denied") { details.appendChild(el("p", "am-note", "The author denies this statement.")); }
      if (claim.holder) { details.appendChild(el("p", "am-note", "The view of " + claim.holder + ", as the author reports it.")); }
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
        fact("View of", claim.holder + (claim.holder_actor && claim.holder_actor !== claim.holder ? " (" + claim.holder_actor + ")" : "") +
             " — the author reports it: it is linked only to other reports of this view, never to an author's own view");
      }
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
      if (claim.kind) { fact("Kind", claim.kind); }
      fact("Method", claim.method + (claim.rule ? " (rule " + claim.rule + ")" : ""));
      details.appendChild(facts);
      if (claim.question) {
        var q = questionByNode[claim.question];
        if (q) {
          var open = el("button", "am-link", "On the question “" + q.text + "”: every author's stance");
          open.type = "button";
          open.addEventListener("click", function () { state.returnFocus = open; focus(q.node); });
          details.appendChild(open);
        }
      }
      var groups = [
        ["Supported by", function (r) { return r.to === id && r.kind === "supports" && !r.outcome; }, "from"],
        ["Contradicted by", function (r) { return r.to === id && r.kind === "contradicts" && !r.outcome; }, "from"],
        ["Supports", function (r) { return r.from === id && r.kind === "supports" && !r.outcome; }, "to"],
        ["Contradicts", function (r) { return r.from === id && r.kind === "contradicts" && !r.outcome; }, "to"],
        ["Forecast checked by a later fact", function (r) { return r.outcome && (r.to === id || r.from === id); }, null]
      ];
      groups.forEach(function (group) {
        var suggestedShown = checked("kind").suggested === true;
        var found = (relationsOf[id] || []).filter(group[1]).filter(function (r) {
          var other = r.from === id ? r.to : r.from;
          return passes[other] !== false && (r.method !== "suggested" || suggestedShown);
        });
        if (!found.length) { return; }
        details.appendChild(el(H2, null, group[0]));
        var list = el("ul", "am-related");
        found.forEach(function (r) {
          var li = el("li");
          li.appendChild(claimButton(group[2] ? r[group[2]] : (r.from === id ? r.to : r.from)));
          var how = r.outcome ? (r.outcome === "borne-out" ? "borne out: " : "refuted: ")
            : { derived: "derived: ", suggested: "suggested, not checked by a person: " }[r.method] || "";
          li.appendChild(el("span", "am-rationale", how + r.rationale));
          list.appendChild(li);
        });
        details.appendChild(list);
      });
    }

    /* ---------------------------------------------------------------- the text alternatives */

    function renderQuestions() {
      var view = root.querySelector(".am-questions");
      view.textContent = "";
      view.appendChild(el("p", "am-note", "Each question that several authors speak to, contested ones first; a click on a claim shows it on the map."));
      data.questions.slice().sort(function (a, b) { return (b.contested ? 1 : 0) - (a.contested ? 1 : 0); }).forEach(function (q) {
        var section = el("section");
        renderQuestion(q, section, false);
        if (q.node) {
          var show = el("button", "am-button", "Show on the map");
          show.type = "button";
          show.addEventListener("click", function () { state.returnFocus = show; focus(q.node); });
          section.appendChild(show);
        }
        view.appendChild(section);
      });
    }

    function renderList() {
      listBuilt = true;
      var view = root.querySelector(".am-list");
      view.textContent = "";
      var ids = Object.keys(data.claims).filter(function (id) { return passes[id]; });
      view.appendChild(el("p", "am-note", "Showing " + ids.length + " of " + Object.keys(data.claims).length + " claims (the filters apply), by article, each with its relations."));
      var bySource = {};
      ids.forEach(function (id) { (bySource[data.claims[id].source] = bySource[data.claims[id].source] || []).push(id); });
      Object.keys(bySource).sort().forEach(function (sourceId) {
        var source = data.sources[sourceId];
        view.appendChild(el(H1, null, authorName[source.author] + ", “" + source.title + "”" + (source.date ? ", " + source.date : "")));
        var list = el("ul");
        bySource[sourceId].forEach(function (id) {
          var li = el("li");
          li.appendChild(claimButton(id, false));
          var suggestedShown = checked("kind").suggested === true;
          var related = (relationsOf[id] || []).filter(function (r) { return r.from === id && (r.method !== "suggested" || suggestedShown); });
          if (related.length) {
            var sub = el("ul");
            related.forEach(function (r) {
              var item = el("li", null, (r.outcome ? r.outcome.replace("-", " ") : r.kind) + (r.method === "suggested" ? " (suggested, not checked by a person)" : "") + " ");
              item.appendChild(claimButton(r.to));
              sub.appendChild(item);
            });
            li.appendChild(sub);
          }
          list.appendChild(li);
        });
        view.appendChild(list);
      });
    }
  }
})();
