/* il6graph explorer page.
 * Reads the graph from the JSON block and builds all text with DOM APIs (createElement,
 * textContent); data never goes through innerHTML, and links are made only for http(s) URLs.
 * window.il6graph exposes the network and a `ready` flag (set once the layout is final). */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var labels = {};
  data.nodes.forEach(function (node) { labels[node.id] = node.label; });
  // Edges share a few looks, stored once in edgeStyles; each edge names its look by index.
  var edgeItems = data.edges.map(function (edge) {
    var item = Object.assign({}, data.edgeStyles[edge.style], edge);
    var count = edge.claims.length;
    item.title = labels[edge.from] + " " + edge.predicate + " " + labels[edge.to] +
      (count > 1 ? " (" + count + " claims)" : "");  // vis-network shows titles as text
    return item;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(edgeItems);
  var panel = document.getElementById("panel-body");
  var network = new vis.Network(document.getElementById("network"), {}, data.options);
  var api = { network: network, nodes: nodes, edges: edges, data: data, ready: false, readyAt: null };
  window.il6graph = api;

  // ----- ready: once the layout is final (physics stabilised and switched off, or no physics)
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyAt = performance.now();
    document.body.dataset.ready = "true";
  }
  var physics = Boolean(data.options.physics && data.options.physics.enabled);
  if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else if (data.fitLabels) {
    // vis-network learns the labels' sizes only while drawing them: fit again so edge labels
    // are not cut off by the frame
    network.once("afterDrawing", function () {
      network.fit();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  // Listeners first, data second: a small graph can stabilise inside setData.
  network.setData({ nodes: nodes, edges: edges });
  if (!physics) network.fit();

  // ----- small DOM helpers: text only
  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function webLink(url, text) {
    var parsed;
    try { parsed = new URL(url); } catch (error) { return null; }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    var link = el("a", null, text);
    link.href = parsed.href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }
  function button(text, onClick) {
    var b = el("button", "link-button", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function pill(text, className) { return el("span", "pill" + (className ? " " + className : ""), text); }
  function clear() {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.parentNode.scrollTop = 0;
  }
  function label(id) { return Object.prototype.hasOwnProperty.call(labels, id) ? labels[id] : id; }

  // ----- selecting
  function selectEntity(id, focus) {
    network.selectNodes([id]);
    if (focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.75), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
    showEntity(id);
  }
  function selectStatement(id) {
    network.selectEdges([id]);
    showStatement(id);
  }

  // ----- the side panel
  function hint() {
    clear();
    panel.appendChild(el("p", "hint", "Click an entity or an arrow to read the claims behind it and the sentences that state them."));
    panel.appendChild(el("p", "hint", "Drag to move, scroll to zoom. Search above to find an entity."));
  }

  var ROLE_TEXT = { focus: "the centre of this view", source: "where the routes start", target: "where the routes end" };

  function showEntity(id) {
    var node = nodes.get(id);
    if (!node) return;
    clear();
    panel.dataset.showing = "entity";
    panel.dataset.id = id;
    panel.appendChild(el("h2", null, node.label));
    var group = data.categories[node.group] || { name: node.category, colour: "#999" };
    var category = pill(group.name, "category");
    category.style.background = group.colour;
    var line = el("p", null, category);
    if (node.role) line.appendChild(pill(ROLE_TEXT[node.role] || node.role));
    panel.appendChild(line);
    var identifier = el("p", "meta", "Identifier: ", el("code", null, node.id));
    var link = node.link ? webLink(node.link, node.link) : null;
    panel.appendChild(identifier);
    panel.appendChild(el("p", "meta", "IRI: ", link || el("code", null, node.iri)));
    if (node.synonyms && node.synonyms.length) {
      panel.appendChild(el("p", "meta synonyms", "Also written: " + node.synonyms.join(", ")));
    }
    var connected = edges.get(network.getConnectedEdges(id));
    var outgoing = connected.filter(function (e) { return e.from === id; });
    var incoming = connected.filter(function (e) { return e.to === id && e.from !== id; });
    appendStatementList("What " + node.label + " does (" + outgoing.length + ")", outgoing, "out");
    appendStatementList("What acts on " + node.label + " (" + incoming.length + ")", incoming, "in");
  }

  function appendStatementList(heading, list, direction) {
    if (!list.length) return;
    panel.appendChild(el("h3", null, heading));
    list.sort(function (a, b) {
      return a.effect.localeCompare(b.effect) || label(direction === "out" ? a.to : a.from).localeCompare(label(direction === "out" ? b.to : b.from));
    });
    var ul = el("ul", "statement-list");
    list.forEach(function (edge) {
      var mark = el("span", "mark");
      mark.style.background = edge.color.color;
      mark.title = edge.effect;
      var count = edge.claims.length;
      var text = direction === "out"
        ? edge.predicate + " " + label(edge.to)
        : label(edge.from) + " " + edge.predicate;
      if (count > 1) text += " (" + count + " claims)";
      var item = el("li", edge.hedged ? "hedged" : null, mark, button(text, function () { selectStatement(edge.id); }));
      ul.appendChild(item);
    });
    panel.appendChild(ul);
  }

  function showStatement(id) {
    var edge = edges.get(id);
    if (!edge) return;
    clear();
    panel.dataset.showing = "statement";
    panel.dataset.id = id;
    var subject = button(label(edge.from), function () { selectEntity(edge.from, true); });
    var object = button(label(edge.to), function () { selectEntity(edge.to, true); });
    panel.appendChild(el("h2", null, "Statement"));
    panel.appendChild(el("p", "statement-line", subject, " ", el("strong", null, edge.predicate), " ", object));
    panel.appendChild(el("p", null, effectPill(edge.effect, edge.color.color)));
    var list = edge.claims || [];
    panel.appendChild(el("h3", null, list.length === 1 ? "The claim" : list.length + " claims"));
    list.forEach(function (claim) { panel.appendChild(claimCard(claim)); });
  }

  function claimCard(claim) {
    var classes = "claim" + (claim.hedge ? " hedged" : "") + (claim.assertion === "external" ? " external" : "");
    var card = el("article", classes);
    var pills = el("p", null, pill(claim.assertion, claim.assertion));
    if (claim.hedge) pills.appendChild(pill("hedged: " + claim.hedge, "hedge"));
    if (claim.confidence !== null && claim.confidence !== undefined) pills.appendChild(pill("confidence " + claim.confidence));
    card.appendChild(pills);
    card.appendChild(el("blockquote", "evidence", "“" + claim.evidence + "”"));
    var where = claim.source || "";
    if (claim.graph_id) {
      // A pathway claim: its evidence is the interaction, named by GraphId, with the pathway's page.
      card.appendChild(el("p", "source", where + ", interaction " + claim.graph_id + " ",
        claim.page ? webLink(claim.page, "(open the pathway)") : null));
    } else {
      if (claim.start !== null && claim.start !== undefined) where += ", characters " + claim.start + "–" + claim.end;
      card.appendChild(el("p", "source", where));
    }
    card.appendChild(el("p", "meta", el("code", null, claim.id)));
    return card;
  }

  function effectPill(text, colour) {
    var effect = pill(text, "effect");
    effect.style.background = colour;
    effect.style.color = "#fff";
    return effect;
  }

  function showRoutes() {
    clear();
    panel.dataset.showing = "routes";
    var routes = data.routes || [];
    if (!routes.length) {
      showSteps();
      return;
    }
    panel.appendChild(el("h2", null, routes.length === 1 ? "1 route" : routes.length + " routes"));
    panel.appendChild(el("p", "hint", "Shortest first. Click a route to highlight it and read the evidence for each step."));
    var ol = el("ol", "route-list");
    routes.forEach(function (route, number) {
      var text = route.edges.map(function (id, step) {
        var edge = edges.get(id);
        return (step === 0 ? label(edge.from) : "") + " → " + edge.predicate + " → " + label(edge.to);
      }).join("");
      var item = el("li", null, effectPill(route.effect, route.colour), " ",
        button(text, function () { showRoute(number); }));
      ol.appendChild(item);
    });
    panel.appendChild(ol);
    panel.appendChild(button("List every step instead", showSteps));
  }

  function showRoute(number) {
    var route = data.routes[number];
    network.setSelection({ nodes: route.nodes, edges: route.edges }, { highlightEdges: false });
    clear();
    panel.dataset.showing = "route";
    panel.appendChild(button("← all routes", showRoutes));
    panel.appendChild(el("h2", null, "Route " + (number + 1) + " of " + data.routes.length));
    panel.appendChild(el("p", null, "Net effect: ", effectPill(route.effect, route.colour)));
    route.edges.forEach(function (id, step) {
      var edge = edges.get(id);
      panel.appendChild(el("h3", null, "Step " + (step + 1)));
      panel.appendChild(el("p", "statement-line",
        button(label(edge.from), function () { selectEntity(edge.from, true); }), " ",
        el("strong", null, edge.predicate), " ",
        button(label(edge.to), function () { selectEntity(edge.to, true); })));
      edge.claims.forEach(function (claim) { panel.appendChild(claimCard(claim)); });
    });
  }

  function showSteps() {
    clear();
    panel.dataset.showing = "steps";
    panel.appendChild(el("h2", null, "Steps on these routes"));
    var list = edges.get();
    if (!list.length) {
      panel.appendChild(el("p", "hint", "No route was found within the step limit."));
      return;
    }
    var level = {};
    nodes.get().forEach(function (n) { level[n.id] = n.level || 0; });
    list.sort(function (a, b) { return (level[a.from] - level[b.from]) || label(a.from).localeCompare(label(b.from)); });
    var ul = el("ul", "statement-list");
    list.forEach(function (edge) {
      var mark = el("span", "mark");
      mark.style.background = edge.color.color;
      var text = label(edge.from) + " " + edge.predicate + " " + label(edge.to);
      ul.appendChild(el("li", edge.hedged ? "hedged" : null, mark, button(text, function () { selectStatement(edge.id); })));
    });
    panel.appendChild(ul);
    if ((data.routes || []).length) panel.appendChild(button("← all routes", showRoutes));
  }

  network.on("click", function (params) {
    if (params.nodes.length) showEntity(params.nodes[0]);
    else if (params.edges.length) showStatement(params.edges[0]);
    else initialPanel();
  });

  // ----- search: the same name matching as the command line (case and punctuation ignored)
  function normalize(text) { return String(text).toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }
  var names = nodes.get().map(function (node) {
    return {
      id: node.id,
      label: node.label,
      exact: [normalize(node.label), normalize(node.id)],
      other: (node.synonyms || []).map(normalize),
    };
  });
  function find(query) {
    var key = normalize(query);
    if (!key) return null;
    var best = null;
    names.forEach(function (entry) {
      var rank = 9;
      if (entry.exact.indexOf(key) >= 0) rank = 0;
      else if (entry.other.indexOf(key) >= 0) rank = 1;
      else if (entry.exact[0].indexOf(key) === 0) rank = 2;
      else if (entry.exact[0].indexOf(key) > 0 || entry.other.some(function (s) { return s.indexOf(key) >= 0; })) rank = 3;
      if (rank === 9) return;
      var candidate = { id: entry.id, label: entry.label, rank: rank };
      if (!best || rank < best.rank || (rank === best.rank && (entry.label.length < best.label.length
          || (entry.label.length === best.label.length && entry.label < best.label)))) best = candidate;
    });
    return best;
  }
  api.find = find;
  var datalist = document.getElementById("entity-names");
  names.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).slice(0, 5000).forEach(function (entry) {
    var option = document.createElement("option");
    option.value = entry.label;
    datalist.appendChild(option);
  });
  var input = document.getElementById("search-input");
  var message = document.getElementById("search-message");
  document.getElementById("search").addEventListener("submit", function (event) {
    event.preventDefault();
    var hit = find(input.value);
    if (hit) {
      message.className = "";
      message.textContent = "Found " + hit.label;
      selectEntity(hit.id, true);
    } else {
      message.className = "miss";
      message.textContent = input.value.trim() ? "No entity matches “" + input.value.trim() + "”" : "";
    }
  });

  function initialPanel() {
    var focus = nodes.get({ filter: function (n) { return n.role === "focus"; } });
    if (nodes.get({ filter: function (n) { return n.role === "source"; } }).length) showRoutes();
    else if (focus.length) showEntity(focus[0].id);
    else hint();
  }
  initialPanel();
})();
