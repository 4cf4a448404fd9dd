// govkg graph visualiser. Everything it shows comes from the public GraphQL
// API at ../graphql: search for suggestions, lookup and entity to resolve a
// focus, neighbourhood to draw and expand, path for the path finder, and
// entity relations with provenance for the side panel. The Cytoscape.js
// instance is exposed as window.govkgGraph for tests and for the console.
(function () {
  'use strict';

  // ---------------------------------------------------------------- settings

  const DEFAULT_CAP = 150;      // edges drawn per expansion before "show more"
  const HOOD_LIMIT = 500;       // node limit asked of neighbourhood
  const RELATIONS_PAGE = 50;    // relations per page in the side panel
  const SUGGESTIONS = 8;
  const DEBOUNCE_MS = 180;
  const LABEL_CHARS = 42;

  // Colour and Cytoscape shape of each entity type; also the legend.
  const TYPES = {
    Person:       { color: '#e15759', shape: 'ellipse' },
    Organization: { color: '#4e79a7', shape: 'round-rectangle' },
    Position:     { color: '#76b7b2', shape: 'hexagon' },
    Place:        { color: '#59a14f', shape: 'round-triangle' },
    Event:        { color: '#edc948', shape: 'star' },
    Programme:    { color: '#b07aa1', shape: 'round-pentagon' },
    Document:     { color: '#9c755f', shape: 'rectangle' },
    Resolution:   { color: '#f28e2b', shape: 'diamond' },
    Decree:       { color: '#ff9da7', shape: 'rectangle' },
    Decision:     { color: '#8cd17d', shape: 'rhomboid' },
    Directive:    { color: '#d37295', shape: 'barrel' },
    Conclusion:   { color: '#a0cbe8', shape: 'octagon' },
    Regulation:   { color: '#bab0ac', shape: 'cut-rectangle' },
    Circular:     { color: '#b6992d', shape: 'concave-hexagon' },
    Law:          { color: '#499894', shape: 'tag' },
    Plan:         { color: '#86bcb6', shape: 'vee' },
  };
  const UNKNOWN_TYPE = { color: '#9aa5b1', shape: 'ellipse' };
  const typeStyle = (t) => TYPES[t] || UNKNOWN_TYPE;

  // ---------------------------------------------------------------- the API

  const Q = {
    search: `query Suggest($text: String!, $first: Int!) {
      search(text: $text, first: $first) { nodes { id type name aliases } } }`,
    lookup: `query Lookup($name: String!) { lookup(name: $name) { id type name } }`,
    entity: `query Entity($id: ID!, $first: Int!, $after: String) {
      entity(id: $id) {
        id type name aliases
        attributes { key value }
        sources { title url }
        relations(direction: BOTH, first: $first, after: $after) {
          edges {
            predicate direction value
            node { id type name }
            provenance { source { title url } sentence rule confidence }
          }
          pageInfo { hasNextPage endCursor }
        }
      } }`,
    edge: `query Edge($s: ID!, $p: Predicate!, $o: String!) {
      triples(subject: $s, predicate: $p, object: $o, first: 1) {
        edges { node { provenance { source { title url } sentence rule confidence } } } } }`,
    hood: `query Hood($id: String!, $depth: Int!, $limit: Int!) {
      neighbourhood(id: $id, depth: $depth, limit: $limit) {
        nodes { id type name } edges { id source target predicate } truncated } }`,
    path: `query Path($from: String!, $to: String!) {
      path(from: $from, to: $to) { nodes { id type name } edges { id source target predicate } } }`,
    stats: `query Stats { stats { entities triples sources } }`,
    starts: `query Starts {
      people: entities(type: Person, first: 3) { nodes { id type name } }
      bodies: entities(type: Organization, first: 2) { nodes { id type name } }
      resolutions: entities(type: Resolution, first: 2) { nodes { id type name } }
      programmes: entities(type: Programme, first: 2) { nodes { id type name } } }`,
  };

  // gql runs one query and returns its data, or throws an Error carrying
  // the API's messages.
  async function gql(query, variables) {
    let res;
    try {
      res = await fetch('../graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new Error('the API did not answer: ' + err.message);
    }
    let body;
    try {
      body = await res.json();
    } catch (err) {
      throw new Error(`the API answered ${res.status} without JSON`);
    }
    if (body.errors && body.errors.length) {
      throw new Error(body.errors.map((e) => e.message).join('; '));
    }
    if (!res.ok) throw new Error(`the API answered ${res.status}`);
    return body.data;
  }

  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  // resolve turns an ID or a name into an entity {id, type, name}, or null.
  async function resolve(text) {
    text = text.trim();
    if (!text) return null;
    if (UUID.test(text)) {
      const d = await gql(`query One($id: ID!) { entity(id: $id) { id type name } }`, { id: text });
      if (d.entity) return d.entity;
    }
    const d = await gql(Q.lookup, { name: text });
    if (d.lookup.length) return d.lookup[0];
    const s = await gql(Q.search, { text, first: 1 });
    return s.search.nodes[0] || null;
  }

  // ---------------------------------------------------------------- page state

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const state = {
    focus: null,                  // ID of the focused entity
    selected: null,               // ID of the selected node or edge
    cap: clampInt(params.get('cap'), 1, 1000, DEFAULT_CAP),
    pending: new Map(),           // expanded node ID → edges over the cap, each {edge, nodes}
    hiddenTypes: new Set(),
    hiddenPredicates: new Set(),
    busy: 0,
  };
  $('depth').value = params.get('depth') === '2' ? '2' : '1';

  function clampInt(text, lo, hi, dflt) {
    const n = parseInt(text, 10);
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
  }

  // ---------------------------------------------------------------- Cytoscape

  const cy = cytoscape({
    container: $('cy'),
    minZoom: 0.1,
    maxZoom: 4,
    boxSelectionEnabled: false,
    multiClickDebounceTime: 400, // closer to desktop double-click times than the 250 ms default
    style: graphStyle(1, $('layout').value === 'breadthfirst'),
  });
  window.govkgGraph = cy;

  // Restyle the labels when the zoom settles.
  let styledZoom = 1;
  let zoomTimer = 0;
  cy.on('zoom', () => {
    clearTimeout(zoomTimer);
    zoomTimer = setTimeout(() => {
      const z = Math.round(cy.zoom() * 20) / 20;
      if (z === styledZoom) return;
      styledZoom = z;
      restyle();
    }, 120);
  });

  const treeMode = () => $('layout').value === 'breadthfirst';
  const restyle = () => cy.style(graphStyle(styledZoom, treeMode()));

  // graphStyle returns the stylesheet. Labels grow in model units when
  // the view is zoomed out (up to a limit) so that they stay readable; in
  // a tree they sit to the right of their node.
  function graphStyle(zoom, tree) {
    const grow = (px, min, max) => Math.min(max, Math.max(min, px / (zoom || 1)));
    const s = [
      {
        selector: 'node',
        style: {
          width: 26, height: 26,
          'background-color': '#9aa5b1',
          'border-width': 1.5, 'border-color': '#ffffff',
          label: 'data(label)',
          'font-size': grow(10, 11, 19), color: '#1f2933',
          'text-valign': tree ? 'center' : 'bottom', 'text-halign': tree ? 'right' : 'center',
          'text-margin-y': tree ? 0 : 4, 'text-margin-x': tree ? 5 : 0,
          'text-wrap': 'wrap', 'text-max-width': tree ? 230 : 150,
          'text-background-color': '#ffffff', 'text-background-opacity': 0.85,
          'text-background-padding': 2, 'text-background-shape': 'roundrectangle',
          'min-zoomed-font-size': 6,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 1.4, 'line-color': '#a7b1bc',
          'target-arrow-shape': 'triangle', 'target-arrow-color': '#a7b1bc', 'arrow-scale': 0.9,
          'curve-style': 'bezier',
          label: tree ? '' : 'data(predicate)', 'font-size': grow(8.5, 9, 12), color: '#52606d',
          'text-rotation': 'autorotate',
          'text-background-color': '#fcfcfd', 'text-background-opacity': 0.9, 'text-background-padding': 1,
          'min-zoomed-font-size': 7,
        },
      },
    ];
    if (tree) {
      // The edges of a tree crowd near its inner columns: label each edge
      // near its end in the outer column.
      const end = { 'text-rotation': 'autorotate', 'text-margin-y': -6, 'text-offset': 42 };
      const at = (side) => Object.fromEntries(Object.entries(end).map(([k, v]) => [`${side}-${k}`, v]));
      s.push(
        { selector: 'edge.out-source', style: Object.assign({ 'source-label': 'data(predicate)' }, at('source')) },
        { selector: 'edge.out-target', style: Object.assign({ 'target-label': 'data(predicate)' }, at('target')) },
        { selector: 'edge.in-column', style: { label: 'data(predicate)' } },
      );
    }
    for (const [type, t] of Object.entries(TYPES)) {
      s.push({ selector: `node[type = "${type}"]`, style: { 'background-color': t.color, shape: t.shape } });
    }
    s.push(
      { selector: 'node.expanded', style: { 'border-color': '#52606d', 'border-style': 'double', 'border-width': 4 } },
      { selector: 'node.focus', style: { width: 38, height: 38, 'font-size': grow(12, 13, 17), 'font-weight': 700, 'border-color': '#1d4ed8', 'border-width': 3 } },
      { selector: 'node:selected', style: { 'border-color': '#111827', 'border-width': 4, 'border-style': 'solid' } },
      { selector: 'edge:selected', style: { 'line-color': '#111827', 'target-arrow-color': '#111827', width: 3, color: '#111827' } },
      { selector: 'edge.near', style: { 'line-color': '#52606d', 'target-arrow-color': '#52606d', width: 2, color: '#1f2933', 'min-zoomed-font-size': 0, 'z-index': 5 } },
      { selector: 'node.near', style: { 'min-zoomed-font-size': 0, 'z-index': 5 } },
      { selector: '.faded', style: { opacity: 0.18 } },
      { selector: 'node.path', style: { 'border-color': '#d97706', 'border-width': 5, 'border-style': 'solid', 'z-index': 10 } },
      { selector: 'edge.path', style: { 'line-color': '#d97706', 'target-arrow-color': '#d97706', width: 4, color: '#92400e', 'font-weight': 700, 'z-index': 10 } },
      { selector: '.hidden', style: { display: 'none' } },
    );
    return s;
  }

  function nodeData(n) {
    const label = n.name.length > LABEL_CHARS ? n.name.slice(0, LABEL_CHARS - 1).trimEnd() + '…' : n.name;
    return { group: 'nodes', data: { id: n.id, name: n.name, type: n.type, label } };
  }

  function edgeData(e) {
    return { group: 'edges', data: { id: e.id, source: e.source, target: e.target, predicate: e.predicate } };
  }

  // ---------------------------------------------------------------- adding to the graph

  // addSubgraph draws a neighbourhood of anchor: the edges touching anchor
  // first, at most state.cap new edges, with their ends; the rest wait in
  // state.pending for "show more". It returns the counts added.
  function addSubgraph(sub, anchor) {
    const byId = new Map(sub.nodes.map((n) => [n.id, n]));
    const fresh = sub.edges.filter((e) => cy.getElementById(e.id).empty() && byId.has(e.source) && byId.has(e.target));
    fresh.sort((a, b) => touches(b, anchor) - touches(a, anchor));
    const take = fresh.slice(0, state.cap);
    const rest = fresh.slice(state.cap).map((e) => ({ edge: e, nodes: [byId.get(e.source), byId.get(e.target)] }));
    if (rest.length) {
      const known = new Set((state.pending.get(anchor) || []).map((p) => p.edge.id));
      state.pending.set(anchor, (state.pending.get(anchor) || []).concat(rest.filter((p) => !known.has(p.edge.id))));
    }
    const nodes = [];
    if (byId.has(anchor)) nodes.push(byId.get(anchor));
    for (const e of take) nodes.push(byId.get(e.source), byId.get(e.target));
    return addElements(nodes, take, anchor);
  }

  const touches = (e, id) => (e.source === id || e.target === id ? 1 : 0);

  // addElements adds nodes and edges not yet drawn, placing each new node
  // near the drawn node it hangs from, so that the layout starts close to
  // where things belong.
  function addElements(nodes, edges, anchor) {
    const newNodes = [];
    const seen = new Set();
    for (const n of nodes) {
      if (!n || seen.has(n.id) || cy.getElementById(n.id).nonempty()) continue;
      seen.add(n.id);
      newNodes.push(n);
    }
    const newEdges = edges.filter((e) => cy.getElementById(e.id).empty());
    const placed = placeNear(newNodes, newEdges, anchor);
    cy.batch(() => {
      cy.add(newNodes.map((n) => Object.assign(nodeData(n), { position: placed.get(n.id) })));
      cy.add(newEdges.map(edgeData));
    });
    return { nodes: newNodes.length, edges: newEdges.length };
  }

  // placeNear gives each new node a starting position: in a ring (by hops)
  // around the nearest drawn node along the new edges (else around
  // anchor), fanned out away from the middle of what is drawn.
  function placeNear(newNodes, edges, anchor) {
    const out = new Map();
    const drawn = (id) => cy.getElementById(id).nonempty();
    const adj = new Map();
    const link = (a, b) => (adj.get(a) || adj.set(a, []).get(a)).push(b);
    for (const e of edges) { link(e.source, e.target); link(e.target, e.source); }
    // Breadth-first from every drawn node the new edges touch, at once.
    const owner = new Map();
    const hops = new Map();
    const queue = [];
    const seed = (id) => { if (!owner.has(id)) { owner.set(id, id); hops.set(id, 0); queue.push(id); } };
    if (drawn(anchor)) seed(anchor);
    for (const id of adj.keys()) if (drawn(id)) seed(id);
    if (!drawn(anchor)) {
      out.set(anchor, { x: 0, y: 0 });
      seed(anchor);
    }
    while (queue.length) {
      const id = queue.shift();
      for (const next of adj.get(id) || []) {
        if (owner.has(next) || drawn(next)) continue;
        owner.set(next, owner.get(id));
        hops.set(next, hops.get(id) + 1);
        queue.push(next);
      }
    }
    const groups = new Map();
    for (const n of newNodes) {
      if (out.has(n.id)) continue;
      const key = `${owner.get(n.id) || anchor}\n${hops.get(n.id) || 1}`;
      (groups.get(key) || groups.set(key, []).get(key)).push(n.id);
    }
    const drawnBox = cy.nodes().nonempty() ? cy.nodes().boundingBox() : null;
    for (const [key, ids] of groups) {
      const [from, h] = key.split('\n');
      const o = drawn(from) ? cy.getElementById(from).position() : out.get(from) || { x: 0, y: 0 };
      let facing = null;
      if (drawnBox && drawn(from) && cy.nodes().length > 1) {
        const dx = o.x - (drawnBox.x1 + drawnBox.x2) / 2;
        const dy = o.y - (drawnBox.y1 + drawnBox.y2) / 2;
        facing = Math.hypot(dx, dy) > 1 ? Math.atan2(dy, dx) : 0;
      }
      const n = ids.length;
      const r = 90 * Number(h) + 4 * n;
      const spread = Math.min(2 * Math.PI, Math.PI * 0.9 + n * 0.08);
      ids.forEach((id, i) => {
        const t = facing === null || spread >= 2 * Math.PI ?
          (2 * Math.PI * i) / n + Number(h) * 0.4 :
          facing + spread * (n === 1 ? 0 : i / (n - 1) - 0.5);
        out.set(id, { x: o.x + r * Math.cos(t), y: o.y + r * Math.sin(t) });
      });
    }
    return out;
  }

  // pendingCount counts the waiting edges (of one node, or of all), and
  // forgets those drawn since by another expansion.
  function pendingCount(id) {
    let n = 0;
    for (const [key, list] of state.pending) {
      if (id && key !== id) continue;
      const left = list.filter((p) => cy.getElementById(p.edge.id).empty());
      state.pending.set(key, left);
      n += left.length;
    }
    return n;
  }

  // showMore draws the next state.cap waiting edges (of one node, or of all).
  function showMore(id) {
    pendingCount();
    const nodes = [];
    const edges = [];
    let anchor = id;
    for (const [key, list] of [...state.pending].reverse()) {
      if (id && key !== id) continue;
      while (list.length && edges.length < state.cap) {
        const p = list.shift();
        edges.push(p.edge);
        nodes.push(...p.nodes);
        anchor = anchor || key;
      }
    }
    if (!edges.length) return;
    const added = addElements(nodes, edges, anchor);
    afterChange({ keep: true });
    say(`Showing ${plural(added.edges, 'more edge')}, ${plural(added.nodes, 'more node')}.`);
    if (state.selected) refreshActions();
  }

  // ---------------------------------------------------------------- focus, expand, path

  // focusOn clears the graph and draws the neighbourhood of one entity
  // (an ID or a name). push: record it in the browser history.
  async function focusOn(idOrName, push) {
    await task(`Opening ${idOrName}…`, async () => {
      const ent = await resolve(idOrName);
      if (!ent) {
        say(`Nothing in the graph is called “${idOrName}”.`, true);
        return;
      }
      const depth = parseInt($('depth').value, 10);
      const d = await gql(Q.hood, { id: ent.id, depth, limit: HOOD_LIMIT });
      clearPath();
      cy.elements().remove();
      state.pending.clear();
      state.focus = ent.id;
      const added = addSubgraph(d.neighbourhood, ent.id);
      if (cy.getElementById(ent.id).empty()) addElements([ent], [], ent.id);
      cy.getElementById(ent.id).addClass('focus');
      afterChange({ keep: false });
      updateURL(push);
      document.title = `${ent.name} · govkg graph`;
      const more = pendingCount(ent.id);
      say(`${ent.name}: ${plural(added.nodes, 'node')}, ${plural(added.edges, 'edge')} within ${plural(depth, 'hop')}` +
        (more ? `, ${more} more edges over the cap of ${state.cap}` : '') +
        (d.neighbourhood.truncated ? ` (the server stopped at ${HOOD_LIMIT} nodes)` : '') + '.');
      await select(ent.id);
    });
  }

  // markNear brings out the edges of the selection and its neighbours'
  // labels, whatever the zoom.
  function markNear(eles) {
    cy.batch(() => {
      cy.elements('.near').removeClass('near');
      eles.connectedEdges().addClass('near');
      eles.neighborhood('node').addClass('near');
    });
  }

  // expand adds the neighbours of a node already drawn.
  async function expand(id) {
    const node = cy.getElementById(id);
    if (node.empty()) return;
    await task(`Expanding ${node.data('name')}…`, async () => {
      const d = await gql(Q.hood, { id, depth: 1, limit: HOOD_LIMIT });
      const added = addSubgraph(d.neighbourhood, id);
      node.addClass('expanded');
      afterChange({ keep: true });
      if (state.selected === id) markNear(node);
      const more = pendingCount(id);
      say(`${node.data('name')}: ${plural(added.nodes, 'new node')}, ${plural(added.edges, 'new edge')}` +
        (more ? `, ${more} more over the cap of ${state.cap}` : '') + '.');
      if (state.selected === id) refreshActions();
    });
  }

  // findPath asks for a shortest path and draws it, adding whatever is
  // missing, then highlights it.
  async function findPath() {
    const from = pathEnds.from || $('path-from').value.trim();
    const to = pathEnds.to || $('path-to').value.trim();
    if (!from || !to) {
      $('path-result').textContent = 'Choose both ends.';
      return;
    }
    await task('Finding a path…', async () => {
      const d = await gql(Q.path, { from: typeof from === 'string' ? from : from.id, to: typeof to === 'string' ? to : to.id });
      const p = d.path;
      clearPath();
      if (!p.nodes.length) {
        $('path-result').textContent = 'No path between them within the server’s hop limit.';
        return;
      }
      const drawnBefore = cy.nodes().length;
      const anchor = p.nodes.find((n) => cy.getElementById(n.id).nonempty()) || p.nodes[0];
      addElements(p.nodes, p.edges, anchor.id);
      const hops = p.edges.length;
      const els = cy.collection();
      for (const n of p.nodes) els.merge(cy.getElementById(n.id));
      for (const e of p.edges) els.merge(cy.getElementById(e.id));
      els.addClass('path');
      cy.elements().not(els).addClass('faded');
      applyFilters();
      afterChange({ keep: true, fit: els });
      $('path-clear').hidden = false;
      $('path-result').textContent = `${hops} hop${hops === 1 ? '' : 's'}: ` + p.nodes.map((n) => n.name).join(' → ') +
        (cy.nodes().length > drawnBefore ? ` (${plural(cy.nodes().length - drawnBefore, 'node')} added)` : '');
      say(`Path of ${plural(hops, 'hop')} highlighted.`);
    });
  }

  function clearPath() {
    cy.elements().removeClass('path faded');
    $('path-clear').hidden = true;
    $('path-result').textContent = '';
    applyFilters();
  }

  // task runs one API-backed action, showing progress and any error.
  async function task(what, fn) {
    state.busy++;
    document.body.classList.add('busy');
    say(what);
    try {
      await fn();
    } catch (err) {
      say(err.message, true);
    } finally {
      if (--state.busy === 0) document.body.classList.remove('busy');
    }
  }

  // afterChange lays the graph out and refreshes everything that counts it.
  function afterChange(opts) {
    $('empty').hidden = cy.nodes().nonempty();
    applyFilters();
    renderFilters();
    layout(opts);
    renderCounts();
  }

  function layout(opts) {
    const els = cy.elements().not('.hidden');
    if (els.empty()) return;
    const common = { animate: false, fit: false, padding: 40, nodeDimensionsIncludeLabels: true };
    if (treeMode()) {
      const root = state.focus && cy.getElementById(state.focus).nonempty() ? cy.getElementById(state.focus) : undefined;
      els.layout(Object.assign({}, common, { name: 'breadthfirst', directed: false, roots: root, nodeDimensionsIncludeLabels: false })).run();
      leftToRight(els.nodes());
      if (opts.fit) cy.fit(opts.fit, 60); else cy.fit(els, 40);
      return;
    }
    els.layout(Object.assign({
      name: 'cose', randomize: !opts.keep,
      idealEdgeLength: () => 80,
      nodeRepulsion: () => 7000,
      nodeOverlap: 10,
      gravity: 0.6,
      numIter: 1200,
      componentSpacing: 50,
    }, common)).run();
    alignToView(els.nodes(), !opts.keep);
    if (opts.fit) cy.fit(opts.fit, 60); else cy.fit(els, 40);
  }

  // leftToRight turns breadthfirst's rows (one per hop from the root)
  // into columns, keeping its order within each, so that a tree reads from
  // left to right with its labels beside the nodes.
  function leftToRight(nodes) {
    const rows = new Map();
    nodes.forEach((n) => {
      const y = Math.round(n.position('y'));
      (rows.get(y) || rows.set(y, []).get(y)).push(n);
    });
    const levels = [...rows.keys()].sort((a, b) => a - b);
    cy.batch(() => levels.forEach((y, col) => {
      const row = rows.get(y).sort((a, b) => a.position('x') - b.position('x'));
      row.forEach((n, i) => n.position({ x: col * 270, y: (i - (row.length - 1) / 2) * 40 }));
    }));
    cy.batch(() => nodes.connectedEdges().forEach((e) => {
      const dx = e.target().position('x') - e.source().position('x');
      e.removeClass('out-source out-target in-column');
      e.addClass(dx > 0 ? 'out-target' : dx < 0 ? 'out-source' : 'in-column');
    }));
  }

  // alignToView turns a force layout about its centre so that its long
  // axis (from the positions' covariance) lies along the long side of the
  // view, when that lets it be drawn noticeably larger: always for a new
  // focus, after an expansion only for a clear gain, so that the picture
  // does not spin as it grows.
  function alignToView(nodes, fresh) {
    if (nodes.length < 3) return;
    const pts = nodes.map((n) => n.position());
    const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
    const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
    let sxx = 0, syy = 0, sxy = 0;
    for (const p of pts) {
      sxx += (p.x - mx) ** 2; syy += (p.y - my) ** 2; sxy += (p.x - mx) * (p.y - my);
    }
    const axis = 0.5 * Math.atan2(2 * sxy, sxx - syy); // long axis, from the x axis
    const turn = (cy.width() >= cy.height() ? 0 : Math.PI / 2) - axis;
    const cos = Math.cos(turn), sin = Math.sin(turn);
    const move = (p) => ({ x: mx + (p.x - mx) * cos - (p.y - my) * sin, y: my + (p.x - mx) * sin + (p.y - my) * cos });
    const scaleFor = (bb) => Math.min(cy.width() / bb.w, cy.height() / bb.h);
    const before = scaleFor(nodes.boundingBox());
    const old = new Map(nodes.map((n) => [n.id(), Object.assign({}, n.position())]));
    cy.batch(() => nodes.forEach((n) => n.position(move(old.get(n.id())))));
    const after = scaleFor(nodes.boundingBox());
    if (after < before * (fresh ? 1.02 : 1.15)) {
      cy.batch(() => nodes.forEach((n) => n.position(old.get(n.id()))));
    }
  }

  // ---------------------------------------------------------------- filters and legend

  function applyFilters() {
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        n.toggleClass('hidden', state.hiddenTypes.has(n.data('type')) && !n.hasClass('path'));
      });
      cy.edges().forEach((e) => {
        e.toggleClass('hidden', state.hiddenPredicates.has(e.data('predicate')) && !e.hasClass('path'));
      });
    });
  }

  function renderFilters() {
    const types = countBy(cy.nodes(), 'type');
    const order = Object.keys(TYPES).filter((t) => types.has(t)).concat([...types.keys()].filter((t) => !TYPES[t]));
    fillFilter($('type-filter'), order, types, state.hiddenTypes, (t) => swatch(t), '');
    const preds = countBy(cy.edges(), 'predicate');
    const porder = [...preds.keys()].sort();
    fillFilter($('predicate-filter'), porder, preds, state.hiddenPredicates, () => el('span', 'pred-line'), 'pred');
  }

  function countBy(coll, key) {
    const m = new Map();
    coll.forEach((x) => m.set(x.data(key), (m.get(x.data(key)) || 0) + 1));
    return m;
  }

  function fillFilter(list, keys, counts, hidden, icon, cls) {
    list.replaceChildren();
    if (!keys.length) {
      list.append(el('li', 'note', 'Nothing on screen yet.'));
      return;
    }
    for (const k of keys) {
      const box = el('input');
      box.type = 'checkbox';
      box.checked = !hidden.has(k);
      box.value = k;
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(k); else hidden.add(k);
        applyFilters();
        renderCounts();
      });
      const label = el('label');
      label.append(box, icon(k), el('span', cls, k), el('span', 'count', String(counts.get(k))));
      const li = el('li');
      li.dataset.key = k;
      li.append(label);
      list.append(li);
    }
  }

  // swatch draws a type's node shape and colour as a small SVG.
  function swatch(type) {
    const t = typeStyle(type);
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('class', 'swatch');
    svg.setAttribute('aria-hidden', 'true');
    const shape = SHAPES[t.shape] || SHAPES.ellipse;
    const p = document.createElementNS(ns, shape[0]);
    for (const [k, v] of Object.entries(shape[1])) p.setAttribute(k, v);
    p.setAttribute('fill', t.color);
    p.setAttribute('stroke', '#52606d');
    p.setAttribute('stroke-width', '0.6');
    svg.append(p);
    return svg;
  }

  const poly = (points) => ['polygon', { points }];
  const SHAPES = {
    ellipse: ['circle', { cx: 8, cy: 8, r: 6.5 }],
    'round-rectangle': ['rect', { x: 1.5, y: 3, width: 13, height: 10, rx: 3 }],
    rectangle: ['rect', { x: 1.5, y: 3, width: 13, height: 10 }],
    'cut-rectangle': poly('4,3 12,3 14.5,5.5 14.5,10.5 12,13 4,13 1.5,10.5 1.5,5.5'),
    hexagon: poly('4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8'),
    'concave-hexagon': poly('1,2 15,2 12.5,8 15,14 1,14 3.5,8'),
    'round-triangle': poly('8,1.5 15,14 1,14'),
    star: poly('8,1 9.8,6 15,6 10.8,9.2 12.4,14.5 8,11.3 3.6,14.5 5.2,9.2 1,6 6.2,6'),
    'round-pentagon': poly('8,1.5 15,6.5 12.3,14.5 3.7,14.5 1,6.5'),
    diamond: poly('8,1 15,8 8,15 1,8'),
    rhomboid: poly('4.5,3 15,3 11.5,13 1,13'),
    barrel: ['rect', { x: 2, y: 2.5, width: 12, height: 11, rx: 4, ry: 2 }],
    octagon: poly('5,1.5 11,1.5 14.5,5 14.5,11 11,14.5 5,14.5 1.5,11 1.5,5'),
    tag: poly('1.5,3 11,3 15,8 11,13 1.5,13'),
    vee: poly('1,2 8,6 15,2 8,14'),
  };

  function renderCounts() {
    const nodes = cy.nodes().filter((n) => n.visible()).length;
    const edges = cy.edges().filter((e) => e.visible()).length;
    const hiddenN = cy.nodes().length - nodes;
    const hiddenE = cy.edges().length - edges;
    $('counts').textContent = cy.nodes().empty() ? 'Empty graph' :
      `${nodes} nodes · ${edges} edges` + (hiddenN || hiddenE ? ` (${hiddenN} nodes, ${hiddenE} edges filtered out)` : '');
    const more = pendingCount();
    const btn = $('more');
    btn.hidden = more === 0;
    btn.textContent = `Show ${Math.min(more, state.cap)} more edges (${more} over the cap)`;
  }

  // ---------------------------------------------------------------- the side panel

  // select shows a node (its facts and every edge with provenance) in the
  // side panel.
  async function select(id) {
    const node = cy.getElementById(id);
    cy.elements(':selected').unselect();
    if (node.nonempty()) node.select();
    markNear(node);
    state.selected = id;
    const panel = $('details');
    panel.replaceChildren(el('p', 'note', 'Loading…'));
    let d;
    try {
      d = await gql(Q.entity, { id, first: RELATIONS_PAGE, after: null });
    } catch (err) {
      panel.replaceChildren(el('p', 'note', 'Could not load it: ' + err.message));
      return;
    }
    if (state.selected !== id) return;
    const e = d.entity;
    if (!e) {
      panel.replaceChildren(el('p', 'note', 'This entity is no longer in the graph.'));
      return;
    }
    const kind = el('div', 'kind');
    kind.append(swatch(e.type), el('span', null, e.type));
    const parts = [kind, el('h2', null, e.name)];
    if (e.aliases.length) parts.push(el('p', 'aliases', 'Also: ' + e.aliases.join(' · ')));
    const actions = el('div', 'actions');
    actions.id = 'actions';
    parts.push(actions);
    if (e.attributes.length) {
      parts.push(el('h4', null, 'Attributes'));
      const dl = el('dl', 'attrs');
      for (const a of e.attributes) dl.append(el('dt', null, a.key), el('dd', null, a.value));
      parts.push(dl);
    }
    if (e.sources.length) {
      parts.push(el('h4', null, `Sources (${e.sources.length})`));
      const ul = el('ul', 'sources');
      for (const s of e.sources) {
        const li = el('li');
        li.append(sourceLink(s));
        ul.append(li);
      }
      parts.push(ul);
    }
    const relHead = el('h4', null, 'Relations');
    const rels = el('ul', 'relations');
    parts.push(relHead, rels);
    panel.replaceChildren(...parts);
    refreshActions(e);
    appendRelations(e, e.relations, rels, relHead);
  }

  function appendRelations(ent, conn, list, head) {
    for (const r of conn.edges) list.append(relationItem(ent, r));
    head.textContent = `Relations (${list.children.length}${conn.pageInfo.hasNextPage ? '+' : ''})`;
    const old = $('more-relations');
    if (old) old.remove();
    if (!conn.pageInfo.hasNextPage) return;
    const btn = el('button', null, 'Load more relations');
    btn.type = 'button';
    btn.id = 'more-relations';
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try {
        const d = await gql(Q.entity, { id: ent.id, first: RELATIONS_PAGE, after: conn.pageInfo.endCursor });
        if (state.selected === ent.id) appendRelations(ent, d.entity.relations, list, head);
      } catch (err) {
        btn.disabled = false;
        say(err.message, true);
      }
    });
    list.after(btn);
  }

  function relationItem(ent, r) {
    const li = el('li');
    const head = el('div', 'rel-head');
    head.append(el('span', 'dir', r.direction === 'OUT' ? '→' : '←'), el('span', 'predicate', r.predicate));
    if (r.node) {
      const other = el('button', 'link', r.node.name);
      other.type = 'button';
      other.title = `${r.node.type}: show it in the graph`;
      other.addEventListener('click', () => reveal(ent, r));
      head.append(swatch(r.node.type), other);
    } else {
      head.append(el('span', null, r.value));
    }
    li.append(head);
    for (const p of r.provenance) li.append(evidence(p));
    return li;
  }

  function evidence(p) {
    const box = el('div', 'evidence');
    box.append(sourceLink(p.source));
    if (p.sentence) box.append(el('blockquote', null, p.sentence));
    box.append(el('div', 'meta', `rule ${p.rule} · confidence ${p.confidence.toFixed(2)}`));
    return box;
  }

  function sourceLink(s) {
    const span = el('span');
    if (/^https?:\/\//i.test(s.url)) {
      const a = el('a', null, s.title || s.url);
      a.href = s.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      span.append(a);
    } else {
      span.append(el('span', null, s.title || s.url), ' ', el('span', 'url', s.url));
    }
    return span;
  }

  // reveal draws the edge of a relation in the panel (and its other end)
  // when it is not on screen, then selects the other end.
  function reveal(ent, r) {
    const [s, t] = r.direction === 'OUT' ? [ent.id, r.node.id] : [r.node.id, ent.id];
    const edge = { id: `${s}|${r.predicate}|${t}`, source: s, target: t, predicate: r.predicate };
    if (cy.getElementById(r.node.id).empty() || cy.getElementById(edge.id).empty()) {
      addElements([ent, r.node], [edge], ent.id);
      afterChange({ keep: true, fit: cy.getElementById(ent.id).union(cy.getElementById(r.node.id)) });
    }
    cy.animate({ center: { eles: cy.getElementById(r.node.id) } }, { duration: 200 });
    select(r.node.id);
  }

  // refreshActions fills the buttons of the selected node.
  function refreshActions(ent) {
    const box = $('actions');
    if (!box) return;
    const id = state.selected;
    const node = cy.getElementById(id);
    ent = ent || { id, name: node.data('name'), type: node.data('type') };
    box.replaceChildren();
    const add = (label, fn, opts) => {
      const b = el('button', opts && opts.primary ? 'primary' : null, label);
      b.type = 'button';
      if (opts && opts.id) b.id = opts.id;
      b.addEventListener('click', fn);
      box.append(b);
      return b;
    };
    add('Expand', () => expand(id), { id: 'expand', primary: true }).disabled = node.empty();
    if (state.focus !== id) add('Focus', () => focusOn(id, true), { id: 'focus-here' });
    add('Path from', () => setPathEnd('from', ent), {});
    add('Path to', () => setPathEnd('to', ent), {});
    const more = pendingCount(id);
    if (more) add(`Show ${Math.min(more, state.cap)} more of ${more}`, () => showMore(id), { id: 'show-more-node' });
  }

  // selectEdge shows one edge and its provenance.
  async function selectEdge(edge) {
    const d = edge.data();
    state.selected = d.id;
    markNear(edge.connectedNodes());
    const panel = $('details');
    const src = cy.getElementById(d.source);
    const dst = cy.getElementById(d.target);
    const head = el('div', 'rel-head');
    const end = (n) => {
      const b = el('button', 'link', n.data('name'));
      b.type = 'button';
      b.addEventListener('click', () => select(n.id()));
      return b;
    };
    head.append(swatch(src.data('type')), end(src), el('span', 'predicate', d.predicate), el('span', 'dir', '→'),
      swatch(dst.data('type')), end(dst));
    const list = el('div');
    list.append(el('p', 'note', 'Loading the evidence…'));
    panel.replaceChildren(el('div', 'kind', 'Edge'), el('h2', null, d.predicate), head, el('h4', null, 'Evidence'), list);
    try {
      const r = await gql(Q.edge, { s: d.source, p: d.predicate, o: d.target });
      if (state.selected !== d.id) return;
      const t = r.triples.edges[0];
      list.replaceChildren(...(t ? t.node.provenance.map(evidence) : [el('p', 'note', 'This edge is no longer in the graph.')]));
    } catch (err) {
      list.replaceChildren(el('p', 'note', 'Could not load it: ' + err.message));
    }
  }

  // ---------------------------------------------------------------- search boxes

  // suggest turns an input and a list into a search box with suggestions:
  // debounced search queries, arrows to move, Enter to choose, Escape to
  // close. onPick receives the chosen entity.
  function suggest(input, list, onPick) {
    let timer = 0;
    let seq = 0;
    let items = [];
    let active = -1;

    const close = () => {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const mark = (i) => {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
      if (i >= 0 && list.children[i]) {
        input.setAttribute('aria-activedescendant', list.children[i].id);
        list.children[i].scrollIntoView({ block: 'nearest' });
      }
    };
    const pick = (ent) => {
      close();
      input.value = ent.name;
      onPick(ent);
    };
    const fetchNow = async () => {
      const text = input.value.trim();
      const my = ++seq;
      if (!text) { items = []; close(); return items; }
      let d;
      try {
        d = await gql(Q.search, { text, first: SUGGESTIONS });
      } catch (err) {
        say(err.message, true);
        return [];
      }
      if (my !== seq) return items;
      items = d.search.nodes;
      render(text);
      return items;
    };
    const render = (text) => {
      list.replaceChildren();
      if (!items.length) {
        const li = el('li');
        li.append(el('span', 'none', `Nothing matches “${text}”.`));
        list.append(li);
      }
      items.forEach((ent, i) => {
        const li = el('li');
        li.id = `${list.id}-${i}`;
        li.setAttribute('role', 'option');
        li.dataset.id = ent.id;
        const name = el('span', 'name', ent.name);
        const also = matchingAlias(ent, text);
        const text2 = el('span');
        text2.append(name);
        if (also) text2.append(el('span', 'also', also));
        li.append(swatch(ent.type), text2, el('span', 'type', ent.type));
        li.addEventListener('mousedown', (ev) => { ev.preventDefault(); pick(ent); });
        list.append(li);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      mark(-1);
    };

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(fetchNow, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', async (ev) => {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        if (list.hidden) { await fetchNow(); }
        if (!items.length) return;
        const step = ev.key === 'ArrowDown' ? 1 : -1;
        mark((active + step + items.length) % items.length);
      } else if (ev.key === 'Enter') {
        ev.preventDefault();
        clearTimeout(timer);
        if (active >= 0 && items[active]) { pick(items[active]); return; }
        const got = await fetchNow();
        if (got.length) pick(got[0]);
      } else if (ev.key === 'Escape') {
        close();
      }
    });
    input.addEventListener('blur', () => setTimeout(close, 120));
    input.addEventListener('focus', () => { if (input.value.trim() && items.length) render(input.value.trim()); });
  }

  // matchingAlias names the alias a search matched when it is not the name.
  function matchingAlias(ent, text) {
    const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase();
    const t = fold(text);
    if (fold(ent.name).includes(t)) return '';
    const a = ent.aliases.find((x) => fold(x).includes(t));
    return a ? 'also ' + a : '';
  }

  const pathEnds = { from: null, to: null };

  function setPathEnd(which, ent) {
    pathEnds[which] = ent;
    $(which === 'from' ? 'path-from' : 'path-to').value = ent.name;
    if (pathEnds.from && pathEnds.to) findPath();
  }

  // ---------------------------------------------------------------- small helpers

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  }

  function say(text, isError) {
    const m = $('message');
    m.textContent = text;
    m.title = text;
    m.classList.toggle('error', !!isError);
  }

  function updateURL(push) {
    const p = new URLSearchParams(location.search);
    p.set('focus', state.focus);
    if ($('depth').value === '2') p.set('depth', '2'); else p.delete('depth');
    const url = `${location.pathname}?${p}`;
    if (url === location.pathname + location.search) return;
    if (push) history.pushState({ focus: state.focus }, '', url);
    else history.replaceState({ focus: state.focus }, '', url);
  }

  function downloadPNG() {
    if (cy.nodes().empty()) { say('Nothing to draw yet.', true); return; }
    const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
    const name = (cy.getElementById(state.focus).data('name') || 'graph').replace(/[^\p{L}\p{N}]+/gu, '-');
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = `govkg-${name}.png`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    say(`Saved ${a.download}.`);
  }

  async function showStarts() {
    try {
      const [s, st] = await Promise.all([gql(Q.stats), gql(Q.starts)]);
      $('stats').textContent = `${s.stats.entities} entities · ${s.stats.triples} triples · ${s.stats.sources} source${s.stats.sources === 1 ? '' : 's'}`;
      const box = $('starts');
      box.replaceChildren();
      for (const group of [st.people, st.bodies, st.resolutions, st.programmes]) {
        for (const n of group.nodes) {
          const b = el('button');
          b.type = 'button';
          b.append(swatch(n.type), ' ', n.name);
          b.addEventListener('click', () => focusOn(n.id, true));
          box.append(b);
        }
      }
    } catch (err) {
      say(err.message, true);
    }
  }

  // ---------------------------------------------------------------- wiring

  suggest($('search'), $('search-list'), (ent) => focusOn(ent.id, true));
  suggest($('path-from'), $('from-list'), (ent) => { pathEnds.from = ent; });
  suggest($('path-to'), $('to-list'), (ent) => { pathEnds.to = ent; });
  $('path-from').addEventListener('input', () => { pathEnds.from = null; });
  $('path-to').addEventListener('input', () => { pathEnds.to = null; });
  $('path-find').addEventListener('click', findPath);
  $('path-clear').addEventListener('click', () => { clearPath(); renderCounts(); say(''); });
  $('more').addEventListener('click', () => showMore(null));
  $('fit').addEventListener('click', () => cy.fit(undefined, 40));
  $('relayout').addEventListener('click', () => layout({ keep: false }));
  $('layout').addEventListener('change', () => { restyle(); layout({ keep: true }); });
  $('depth').addEventListener('change', () => { if (state.focus) focusOn(state.focus, false); });
  $('png').addEventListener('click', downloadPNG);

  cy.on('tap', 'node', (ev) => select(ev.target.id()));
  cy.on('tap', 'edge', (ev) => selectEdge(ev.target));
  cy.on('dbltap', 'node', (ev) => expand(ev.target.id()));

  window.addEventListener('popstate', () => {
    const f = new URLSearchParams(location.search).get('focus');
    if (f) focusOn(f, false);
  });

  renderCounts();
  const start = params.get('focus');
  if (start) {
    $('empty').hidden = true;
    focusOn(start, false);
  } else {
    showStarts();
  }
})();
