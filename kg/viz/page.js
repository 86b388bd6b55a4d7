/* kg viz page script: network, legend, filters, search, tooltips and the facts panel.
   Every text from articles goes into the DOM with textContent, never as HTML.
   window.kgViz exposes the state and a few actions (used by the browser tests). */
(function () {
  "use strict";
  var state = {
    drawn: false, nodes: 0, edges: 0, stabilized: false, physics: true,
    iterations: 0, iterationsCap: 0, stabilizationMs: null, errors: []
  };
  window.addEventListener("error", function (e) { state.errors.push(String(e.message || e)); });
  document.addEventListener("securitypolicyviolation", function (e) {
    state.errors.push("CSP blocked " + e.violatedDirective + " " + e.blockedURI);
  });

  function byId(id) { return document.getElementById(id); }
  function json(id) { return JSON.parse(byId(id).textContent); }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  var N = json("kg-nodes"), E = json("kg-edges"), O = json("kg-options"), D = json("kg-data");
  var info = D.nodes, einfo = D.edges;
  var articles = {};
  D.articles.forEach(function (a) { articles[a.id] = a; });
  var incident = {};
  N.forEach(function (n) { incident[n.id] = []; });
  E.forEach(function (e) { incident[e.from].push(e.id); incident[e.to].push(e.id); });

  var nodes = new vis.DataSet(N), edges = new vis.DataSet(E);
  var container = byId("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, O);
  var t0 = performance.now();
  state.iterationsCap = O.physics.stabilization.iterations;

  function status(text) { byId("kg-status").textContent = text; }
  function counts() {
    return N.length + " nodes, " + E.length + " edges";
  }
  network.on("stabilizationProgress", function (p) {
    state.iterations = p.iterations;
    status("Laying out " + counts() + "… " + Math.round(100 * p.iterations / p.total) + "%");
  });
  function settled(iterations) {
    if (state.stabilized) { return; }
    network.setOptions({ physics: { enabled: false } });
    state.physics = false;
    state.stabilized = true;
    if (iterations) { state.iterations = iterations; }
    state.stabilizationMs = Math.round(performance.now() - t0);
    state.nodes = Object.keys(network.getPositions()).length;
    state.edges = Object.keys(network.body.edges).length;
    status(counts() + " · drag to move, scroll to zoom, click for details");
    setTimeout(findFromHash, 0);
  }
  network.once("stabilizationIterationsDone", function () { settled(0); });
  network.once("stabilized", function (p) { state.iterations = p.iterations; settled(0); });
  network.once("afterDrawing", function () { state.drawn = true; });
  if (N.length === 0) {
    settled(0);
    status("Nothing to draw: no nodes match.");
  }

  // -- text helpers -----------------------------------------------------------
  function label(id) { return info[id] ? info[id].label : id; }
  function source(aid) {
    var a = articles[aid];
    if (!a) { return ""; }
    return a.title + (a.date ? " (" + a.date + ")" : "");
  }
  function evidenceList(sids, max) {
    var frag = document.createDocumentFragment();
    sids.slice(0, max || sids.length).forEach(function (sid) {
      var s = D.sentences[sid];
      if (!s) { return; }
      frag.appendChild(el("blockquote", s[0]));
      if (s[1]) { frag.appendChild(el("div", "— " + source(s[1]), "kg-source")); }
    });
    if (max && sids.length > max) { frag.appendChild(el("div", "+ " + (sids.length - max) + " more", "kg-source")); }
    return frag;
  }
  function nodeSentences(id) {
    var seen = {}, out = [];
    function add(sid) { if (!seen[sid]) { seen[sid] = true; out.push(sid); } }
    info[id].evidence.forEach(add);
    info[id].attrs.forEach(function (a) { a[2].forEach(add); });
    incident[id].forEach(function (eid) { einfo[eid].evidence.forEach(add); });
    return out;
  }
  function kindText(id) {
    var n = info[id];
    return n.kind && n.kind.toLowerCase() !== n.cls ? n.cls + " · " + n.kind : n.cls;
  }
  function factText(eid) {
    var e = einfo[eid];
    return label(e.from) + " —" + e.rel + "→ " + label(e.to);
  }

  // -- tooltips ---------------------------------------------------------------
  var tip = byId("kg-tooltip"), mouse = { x: 0, y: 0 };
  container.addEventListener("mousemove", function (ev) {
    var r = container.getBoundingClientRect();
    mouse.x = ev.clientX - r.left; mouse.y = ev.clientY - r.top;
    if (!tip.hidden) { placeTip(); }
  });
  function placeTip() {
    var w = container.clientWidth, h = container.clientHeight;
    tip.style.left = Math.min(mouse.x + 14, Math.max(0, w - tip.offsetWidth - 4)) + "px";
    tip.style.top = Math.min(mouse.y + 14, Math.max(0, h - tip.offsetHeight - 4)) + "px";
  }
  function nodeTip(id) {
    var frag = document.createDocumentFragment(), n = info[id];
    frag.appendChild(el("strong", n.label));
    frag.appendChild(el("div", kindText(id), "kg-source"));
    if (n.aliases.length) { frag.appendChild(el("div", "also: " + n.aliases.join(", "))); }
    frag.appendChild(evidenceList(nodeSentences(id), 2));
    var arts = n.articles.map(source).filter(Boolean);
    if (arts.length) { frag.appendChild(el("div", "in: " + arts.join("; "), "kg-source")); }
    frag.appendChild(el("div", (n.attrs.length + incident[id].length) + " fact(s) · click for details",
      "kg-hint"));
    return frag;
  }
  function edgeTip(eid) {
    var frag = document.createDocumentFragment(), e = einfo[eid];
    frag.appendChild(el("strong", factText(eid)));
    if (e.note) { frag.appendChild(el("div", e.note, "kg-source")); }
    frag.appendChild(evidenceList(e.evidence, 3));
    return frag;
  }
  function showTip(frag) { clear(tip); tip.appendChild(frag); tip.hidden = false; placeTip(); }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip(nodeTip(p.node)); });
  network.on("hoverEdge", function (p) { if (einfo[p.edge]) { showTip(edgeTip(p.edge)); } });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // -- details panel ----------------------------------------------------------
  var details = byId("kg-details");
  function nodeLink(id) {
    var b = el("button", label(id), "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(id); });
    return b;
  }
  function showNode(id) {
    if (!info[id]) { return false; }
    var n = info[id];
    clear(details);
    details.appendChild(el("h3", n.label));
    details.appendChild(el("div", kindText(id), "kg-kind"));
    if (n.aliases.length) { details.appendChild(el("div", "also: " + n.aliases.join(", "))); }
    details.appendChild(el("div", id, "kg-iri"));
    if (n.evidence.length) {
      details.appendChild(el("h4", "Evidence"));
      details.appendChild(evidenceList(n.evidence));
    }
    details.appendChild(el("h4", "Facts (" + (n.attrs.length + incident[id].length) + ")"));
    var ul = el("ul");
    n.attrs.forEach(function (a) {
      var li = el("li");
      li.appendChild(el("span", a[0] + ": " + a[1]));
      li.appendChild(evidenceList(a[2]));
      ul.appendChild(li);
    });
    incident[id].slice(0, 300).forEach(function (eid) {
      var e = einfo[eid], li = el("li");
      if (e.from === id) {
        li.appendChild(el("span", e.rel + " → "));
        li.appendChild(nodeLink(e.to));
      } else {
        li.appendChild(nodeLink(e.from));
        li.appendChild(el("span", " " + e.rel + " → this"));
      }
      if (e.note) { li.appendChild(el("div", e.note, "kg-source")); }
      li.appendChild(evidenceList(e.evidence));
      ul.appendChild(li);
    });
    if (incident[id].length > 300) { ul.appendChild(el("li", "… " + (incident[id].length - 300) + " more")); }
    details.appendChild(ul);
    var arts = n.articles.map(source).filter(Boolean);
    if (arts.length) {
      details.appendChild(el("h4", "Articles"));
      var al = el("ul");
      arts.forEach(function (t) { al.appendChild(el("li", t)); });
      details.appendChild(al);
    }
    return true;
  }
  function showEdge(eid) {
    if (!einfo[eid]) { return false; }
    var e = einfo[eid];
    clear(details);
    details.appendChild(el("h3", factText(eid)));
    var p = el("div", "", "kg-kind");
    p.appendChild(nodeLink(e.from));
    p.appendChild(el("span", " · "));
    p.appendChild(nodeLink(e.to));
    details.appendChild(p);
    if (e.note) { details.appendChild(el("div", e.note)); }
    details.appendChild(el("h4", "Evidence (" + e.evidence.length + ")"));
    details.appendChild(evidenceList(e.evidence));
    return true;
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); } else if (p.edges.length) { showEdge(p.edges[0]); }
  });

  // -- filters ----------------------------------------------------------------
  var relOn = {}, classOn = {}, article = "";
  D.relations.forEach(function (r) { relOn[r.key] = true; });
  D.classes.forEach(function (c) { classOn[c.key] = true; });
  function applyFilters() {
    var visible = {}, nodeUpdates = [], edgeUpdates = [];
    E.forEach(function (e) {
      var x = einfo[e.id];
      var on = relOn[x.rel] && classOn[info[e.from].cls] && classOn[info[e.to].cls] &&
        (!article || x.articles.indexOf(article) >= 0);
      if (on) { visible[e.from] = visible[e.to] = true; }
      if (!!e.hidden === on) { e.hidden = !on; edgeUpdates.push({ id: e.id, hidden: !on }); }
    });
    N.forEach(function (n) {
      var x = info[n.id];
      var on = !!visible[n.id] || (classOn[x.cls] && incident[n.id].length === 0 &&
        (!article || x.articles.indexOf(article) >= 0));
      if (!!n.hidden === on) { n.hidden = !on; nodeUpdates.push({ id: n.id, hidden: !on }); }
    });
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    var shown = N.filter(function (n) { return !n.hidden; }).length;
    status("showing " + shown + " of " + counts());
    return shown;
  }
  function checkbox(text, colourNode, count, onChange) {
    var lab = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { onChange(box.checked); });
    lab.appendChild(box);
    lab.appendChild(colourNode);
    lab.appendChild(el("span", text));
    lab.appendChild(el("span", "(" + count + ")", "kg-count"));
    return lab;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function shapeIcon(shape, colour) {
    var svg = document.createElementNS(SVG, "svg"), s;
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var polys = {
      diamond: "8,1 15,8 8,15 1,8", triangle: "8,1 15,14 1,14", triangleDown: "1,2 15,2 8,15",
      hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
      star: "8,0.5 10,6 15.5,6 11,9.5 13,15 8,11.5 3,15 5,9.5 0.5,6 6,6"
    };
    if (polys[shape]) {
      s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", polys[shape]);
    } else if (shape === "square" || shape === "box") {
      s = document.createElementNS(SVG, "rect");
      s.setAttribute("x", "2"); s.setAttribute("y", "2");
      s.setAttribute("width", "12"); s.setAttribute("height", "12");
      if (shape === "box") { s.setAttribute("rx", "3"); }
    } else {
      s = document.createElementNS(SVG, "circle");
      s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6.5");
    }
    s.setAttribute("fill", colour); s.setAttribute("stroke", "#333");
    svg.appendChild(s);
    return svg;
  }
  var legend = byId("kg-legend");
  D.classes.forEach(function (c) {
    var li = el("li");
    li.appendChild(checkbox(c.label, shapeIcon(c.shape, c.colour), c.count, function (on) {
      classOn[c.key] = on; applyFilters();
    }));
    legend.appendChild(li);
  });
  var rels = byId("kg-relations");
  D.relations.forEach(function (r) {
    var sw = el("span", null, "kg-swatch");
    sw.style.background = r.colour;
    rels.appendChild(checkbox(r.key, sw, r.count, function (on) { relOn[r.key] = on; applyFilters(); }));
  });
  var select = byId("kg-article");
  D.articles.forEach(function (a) {
    var o = el("option", source(a.id));
    o.value = a.id;
    select.appendChild(o);
  });
  select.addEventListener("change", function () { article = select.value; applyFilters(); });
  function resetFilters() {
    Object.keys(relOn).forEach(function (k) { relOn[k] = true; });
    Object.keys(classOn).forEach(function (k) { classOn[k] = true; });
    article = ""; select.value = "";
    document.querySelectorAll("#kg-side input[type=checkbox]").forEach(function (b) { b.checked = true; });
    return applyFilters();
  }

  // -- search -----------------------------------------------------------------
  var names = byId("kg-names"), seenName = {};
  N.forEach(function (n) {
    var l = info[n.id].label;
    if (!seenName[l]) { seenName[l] = true; var o = el("option"); o.value = l; names.appendChild(o); }
  });
  function find(query) {
    var q = String(query).trim().toLowerCase();
    if (!q) { return []; }
    var exact = [], prefix = [], part = [];
    N.forEach(function (n) {
      var x = info[n.id], all = [x.label].concat(x.aliases).map(function (s) { return s.toLowerCase(); });
      if (all.indexOf(q) >= 0) { exact.push(n.id); }
      else if (all.some(function (s) { return s.indexOf(q) === 0; })) { prefix.push(n.id); }
      else if (all.some(function (s) { return s.indexOf(q) >= 0; })) { part.push(n.id); }
    });
    return exact.concat(prefix, part);
  }
  function focusNode(id, stay) {
    if (!info[id]) { return false; }
    if (nodes.get(id).hidden) { resetFilters(); }
    network.selectNodes([id]);
    if (!stay) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
    }
    showNode(id);
    return true;
  }
  function search(query, stay) {
    var found = find(query), out = byId("kg-search-result");
    if (!found.length) { out.textContent = "No node matches “" + query + "”."; return null; }
    focusNode(found[0], stay);
    out.textContent = found.length > 1 ? "1 of " + found.length + " matches: " + label(found[0]) : "";
    return found[0];
  }
  byId("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(byId("kg-search").value);
  });
  // page.html#find=NAME selects a node and lists its facts once the layout is done
  function findFromHash() {
    var m = /^#find=(.+)$/.exec(location.hash);
    if (m && state.stabilized) {
      var q = decodeURIComponent(m[1]);
      byId("kg-search").value = q;
      search(q, true);
    }
  }
  window.addEventListener("hashchange", findFromHash);

  // -- title ------------------------------------------------------------------
  byId("kg-title").textContent = D.title;
  if (D.note) { byId("kg-note").textContent = D.note; byId("kg-note").hidden = false; }

  window.kgViz = {
    state: state, network: network, nodes: nodes, edges: edges, data: D,
    find: find, search: search, showNode: showNode, showEdge: showEdge,
    nodeTip: function (id) { showTip(nodeTip(id)); return tip.textContent; },
    edgeTip: function (eid) { showTip(edgeTip(eid)); return tip.textContent; },
    setRelation: function (rel, on) { relOn[rel] = !!on; return applyFilters(); },
    setClass: function (cls, on) { classOn[cls] = !!on; return applyFilters(); },
    setArticle: function (iri) {
      var a = D.articles.filter(function (x) { return x.iri === iri || x.id === iri; })[0];
      article = a ? a.id : ""; select.value = article; return applyFilters();
    },
    resetFilters: resetFilters
  };
}());
