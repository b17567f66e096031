// eventcoder web view. Vanilla JS plus the vendored d3 and topojson-client.
// Data from the API is only ever put on the page as text (textContent, text nodes, SVG <title>),
// never parsed as HTML: article text is untrusted.
"use strict";

(function () {
  const FILTERS = ["actor", "country", "type", "root", "since", "until", "place"];
  const QUADS = {
    1: { label: "Verbal cooperation", color: "#7cc197" },
    2: { label: "Material cooperation", color: "#2f8f5b" },
    3: { label: "Verbal conflict", color: "#f0a45a" },
    4: { label: "Material conflict", color: "#c8453b" },
  };
  const PAGE = 50;
  const HAS_D3 = typeof window.d3 !== "undefined";
  const HAS_TOPO = typeof window.topojson !== "undefined";

  const state = { filters: {}, offset: 0, renders: 0, world: null, meta: null, by: "quad_class" };
  const $ = (sel) => document.querySelector(sel);

  // ---- small DOM helpers (text only) ---------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function message(container, text, cls) {
    clear(container);
    container.append(el("div", { class: cls || "empty" }, text));
  }

  // Only http(s) links are followed; anything else (javascript:, data:) is shown as plain text.
  function safeUrl(url) {
    try {
      const u = new URL(url, window.location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // ---- filters and API -------------------------------------------------------------------------

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    state.filters = {};
    for (const k of FILTERS) if (params.get(k)) state.filters[k] = params.get(k);
  }

  function query(extra) {
    const params = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) params.set(k, state.filters[k]);
    for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
    return params.toString();
  }

  async function api(path, extra) {
    const response = await fetch(path + "?" + query(extra), { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail || response.status + " " + response.statusText);
    return body;
  }

  function syncForm() {
    $("#all-dates").hidden = !(state.filters.since || state.filters.until);
    const form = $("#filters");
    for (const k of FILTERS) {
      const input = form.elements[k];
      const value = state.filters[k] || "";
      if (input.tagName === "SELECT" && value && !Array.from(input.options).some((o) => o.value === value)) {
        input.append(el("option", { value: value }, value));
      }
      input.value = value;
    }
  }

  function setFilters(patch) {
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === undefined || v === "") delete state.filters[k];
      else state.filters[k] = String(v).trim();
    }
    state.offset = 0;
    syncForm();
    const qs = query();
    window.history.replaceState(null, "", qs ? "?" + qs : window.location.pathname);
    refresh();
  }

  function showError(text) {
    const box = $("#error");
    box.hidden = !text;
    box.textContent = text || "";
  }

  // Every view redraws from the same filters; one failing view does not stop the others.
  async function refresh() {
    showError("");
    const views = [drawTimeline, drawNetwork, drawMap, drawTable];
    const results = await Promise.allSettled(views.map((view) => view()));
    const failed = results.filter((r) => r.status === "rejected").map((r) => r.reason.message);
    if (failed.length) showError([...new Set(failed)].join("; "));
    state.renders += 1;
    document.body.dataset.renders = String(state.renders);
  }

  // ---- colour scales ---------------------------------------------------------------------------

  function goldsteinColor(g) {
    const t = Math.max(-10, Math.min(10, g === null || g === undefined ? 0 : g));
    return HAS_D3 ? d3.scaleLinear().domain([-10, 0, 10]).range(["#c8453b", "#b9bec6", "#2f8f5b"])(t) : "#888";
  }

  function scaleLegend(container) {
    clear(container);
    const ramp = el("span", { class: "ramp" });
    ramp.style.background = "linear-gradient(90deg, #c8453b, #b9bec6, #2f8f5b)";
    container.append(el("span", {}, "Goldstein −10 (conflict)"), ramp, el("span", {}, "+10 (cooperation)"));
  }

  function svgIn(container) {
    clear(container);
    const width = container.clientWidth || 600;
    const height = container.clientHeight || 300;
    const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`);
    return { svg, width, height };
  }

  // ---- timeline ---------------------------------------------------------------------------------

  const DAY = 86400000;
  const parseDay = (s) => new Date(s + "T00:00:00Z");
  const fmtDay = (d) => d.toISOString().slice(0, 10);

  async function drawTimeline() {
    const box = $("#timeline");
    if (!HAS_D3) return message(box, "Timeline needs d3 (run `make vendor`).", "missing");
    const body = await api("/api/timeline", { by: state.by });
    const groups = timelineGroups(state.by);
    const byKey = new Map(groups.map((g) => [g.key, g]));
    const days = body.series.map((r) => parseDay(r.day));
    if (!days.length) {
      box.dataset.bins = "0";
      return message(box, "No dated events match these filters.");
    }
    // Bars per day for short spans, coarser for long ones, so every bar stays visible.
    const span = (d3.max(days) - d3.min(days)) / DAY;
    const [interval, unit] = span <= 120 ? [d3.utcDay, "day"] : span <= 730 ? [d3.utcWeek, "week"]
      : span <= 5500 ? [d3.utcMonth, "month"] : [d3.utcYear, "year"];
    const bins = new Map();
    body.series.forEach((r, i) => {
      const start = interval.floor(days[i]);
      const row = bins.get(+start) || Object.fromEntries([["day", start], ...groups.map((g) => [g.key, 0])]);
      // Conflict counts go below the axis so the two sides read at a glance.
      const g = byKey.get(String(r.key));
      if (g) row[g.key] += g.down ? -r.n : r.n;
      bins.set(+start, row);
    });
    const rows = Array.from(bins.values()).sort((a, b) => a.day - b.day);
    box.dataset.bins = String(rows.length);
    box.dataset.unit = unit;
    $("#timeline-unit").textContent = `events per ${unit}`;

    const { svg, width, height } = svgIn(box);
    const m = { top: 12, right: 22, bottom: 24, left: 50 };
    // At least 14 units on the axis, so that one busy day does not fill the whole chart.
    let first = rows[0].day;
    let last = interval.offset(rows[rows.length - 1].day, 1);
    const missing = 14 - interval.count(first, last);
    if (missing > 0) {
      first = interval.offset(first, -Math.floor(missing / 2));
      last = interval.offset(last, Math.ceil(missing / 2));
    }
    const units = interval.count(first, last);
    const maxTicks = Math.max(2, Math.floor(width / 90));
    const x = d3.scaleUtc().domain([first, last]).range([m.left, width - m.right]);
    const series = d3.stack().keys(groups.map((g) => g.key)).offset(d3.stackOffsetDiverging)(rows);
    timelineLegend(groups.filter((g) => state.by === "quad_class" || rows.some((r) => r[g.key])));
    const lo = d3.min(series, (s) => d3.min(s, (d) => d[0])) || 0;
    const hi = d3.max(series, (s) => d3.max(s, (d) => d[1])) || 0;
    const y = d3.scaleLinear().domain([Math.min(lo, -1), Math.max(hi, 1)]).nice().range([height - m.bottom, m.top]);
    const barWidth = (d) => Math.max(1.5, x(interval.offset(d.data.day, 1)) - x(d.data.day) - 1);

    svg.append("g").selectAll("g").data(series).join("g")
      .attr("fill", (s) => byKey.get(s.key).color)
      .selectAll("rect").data((s) => s.filter((d) => d[1] !== d[0]).map((d) => Object.assign(d, { key: s.key })))
      .join("rect")
      .attr("class", "bar")
      .attr("data-key", (d) => d.key)
      .attr("x", (d) => x(d.data.day))
      .attr("width", barWidth)
      .attr("y", (d) => y(Math.max(d[0], d[1])))
      .attr("height", (d) => Math.abs(y(d[0]) - y(d[1])))
      .append("title")
      .text((d) => `${unit} of ${fmtDay(d.data.day)}: ${Math.abs(d[1] - d[0])} × ${byKey.get(d.key).label}`);

    // Which side is which, written along the y axis.
    const side = (text, y0, y1, anchor) => svg.append("text").attr("class", "side-label")
      .attr("transform", `translate(11,${(y0 + y1) / 2}) rotate(-90)`).attr("text-anchor", anchor).text(text);
    side("cooperation", y(0) - 4, y(0) - 4, "start");
    side("conflict", y(0) + 4, y(0) + 4, "end");
    svg.append("line").attr("class", "zero").attr("x1", m.left).attr("x2", width - m.right)
      .attr("y1", y(0)).attr("y2", y(0));
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`)
      .call(d3.axisBottom(x).ticks(interval.every(Math.ceil(units / maxTicks))).tickSizeOuter(0));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`)
      .call(d3.axisLeft(y).tickValues(y.ticks(5).filter(Number.isInteger)).tickFormat((v) => String(Math.abs(v))));

    // Dragging across the chart picks a date range: it becomes the since/until filters of every view.
    const brush = d3.brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]])
      .on("end", (event) => {
        if (!event.selection || !event.sourceEvent) return;
        const [a, b] = event.selection.map(x.invert);
        const since = d3.utcDay.floor(a);
        const until = new Date(Math.max(since.getTime(), d3.utcDay.ceil(b).getTime() - DAY));
        setFilters({ since: fmtDay(since), until: fmtDay(until) });
      });
    svg.append("g").attr("class", "brush").call(brush);
  }

  // The stacked groups: quad classes, or PLOVER types from the most cooperative to the most hostile
  // (the types from ACCUSE on are conflict and go below the line).
  function timelineGroups(by) {
    if (by !== "plover_type") {
      return Object.entries(QUADS).map(([key, q]) => ({ key, label: q.label, color: q.color, down: key > "2" }));
    }
    const order = (state.meta && state.meta.plover_order) || [];
    const split = Math.max(1, order.indexOf("ACCUSE"));
    return order.map((t, i) => ({
      key: t,
      label: t,
      down: i >= split,
      color: i < split ? d3.interpolateGreens(0.3 + (0.6 * i) / Math.max(1, split - 1))
        : d3.interpolateOrRd(0.35 + (0.6 * (i - split)) / Math.max(1, order.length - split - 1)),
    }));
  }

  function timelineLegend(groups) {
    const legend = $("#timeline-legend");
    clear(legend);
    for (const q of groups) {
      const sw = el("span", { class: "swatch" });
      sw.style.background = q.color;
      legend.append(el("span", {}, sw, q.label));
    }
  }

  // ---- actor network ----------------------------------------------------------------------------

  // Keeps each node's box (circle plus the label on its right) clear of the others: plain circle
  // collision lets labels run over neighbours. Quadratic, fine for the few hundred nodes drawn.
  function labelCollide(list) {
    return () => {
      for (let i = 0; i < list.length; i += 1) {
        const a = list[i];
        for (let j = i + 1; j < list.length; j += 1) {
          const b = list[j];
          const ox = Math.min(a.x + a.r + a.w, b.x + b.r + b.w) - Math.max(a.x - a.r, b.x - b.r);
          const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y - a.h, b.y - b.h);
          if (ox <= 0 || oy <= 0) continue;
          if (ox < oy) {
            const shift = (ox / 2) * (a.x + a.w / 2 < b.x + b.w / 2 ? -1 : 1);
            a.x += shift;
            b.x -= shift;
          } else {
            const shift = (oy / 2) * (a.y < b.y ? -1 : 1);
            a.y += shift;
            b.y -= shift;
          }
        }
      }
    };
  }

  async function drawNetwork() {
    const box = $("#network");
    if (!HAS_D3) return message(box, "The network needs d3 (run `make vendor`).", "missing");
    const body = await api("/api/dyads", { limit: 120 });
    const nodes = new Map();
    const links = body.dyads.map((d) => {
      for (const name of [d.source, d.target]) {
        if (!nodes.has(name)) nodes.set(name, { id: name, n: 0 });
        nodes.get(name).n += d.n;
      }
      return { source: d.source, target: d.target, n: d.n, g: d.mean_goldstein };
    });
    box.dataset.nodes = String(nodes.size);
    box.dataset.edges = String(links.length);
    if (!links.length) return message(box, "No actor pairs match these filters.");

    const { svg, width, height } = svgIn(box);
    const list = Array.from(nodes.values());
    // Sizes relative to the busiest actor and pair, so that big databases stay readable.
    // The more nodes, the smaller the biggest one may be.
    const rMax = Math.max(7, Math.min(20, Math.sqrt((width * height) / list.length) / 4));
    const radius = d3.scaleSqrt().domain([1, d3.max(list, (d) => d.n)]).range([4, rMax]).clamp(true);
    const edgeWidth = d3.scaleSqrt().domain([1, d3.max(links, (l) => l.n)]).range([1.2, 8]).clamp(true);
    // In a crowded network only the busiest actors get a label; the others show theirs on hover.
    const labelled = new Set(list.slice().sort((a, b) => b.n - a.n).slice(0, 40).map((d) => d.id));
    for (const d of list) {
      d.r = radius(d.n);
      d.w = labelled.has(d.id) ? 6.3 * d.id.length + 6 : 0; // label width at 11px
      d.h = Math.max(d.r, 7) + 2; // half height of node-and-label box
    }
    // The layout is computed to rest before drawing: stable pictures, no jiggling on every filter change.
    const sim = d3.forceSimulation(list)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(Math.max(50, Math.min(130, 500 / Math.sqrt(list.length)))))
      // Weaker repulsion when crowded, or everything ends up pressed against the edges.
      .force("charge", d3.forceManyBody().strength(-160 * Math.min(1, 40 / list.length)))
      .force("x", d3.forceX(width / 2).strength(0.05))
      .force("y", d3.forceY(height / 2).strength(0.08))
      .force("labels", labelCollide(list))
      .force("bounds", () => {
        for (const d of list) {
          d.x = Math.max(d.r + 6, Math.min(width - d.w - d.r - 6, d.x));
          d.y = Math.max(d.h + 4, Math.min(height - d.h - 4, d.y));
        }
      })
      .stop();
    for (let i = 0; i < 300; i += 1) sim.tick();

    // Curved edges so that A→B and B→A stay apart.
    const path = (l) => {
      const dx = l.target.x - l.source.x;
      const dy = l.target.y - l.source.y;
      const r = Math.hypot(dx, dy) * 1.6;
      return `M${l.source.x},${l.source.y}A${r},${r} 0 0,1 ${l.target.x},${l.target.y}`;
    };
    const link = svg.append("g").selectAll("path").data(links).join("path")
      .attr("class", "link")
      .attr("d", path)
      .attr("stroke", (l) => goldsteinColor(l.g))
      .attr("stroke-width", (l) => edgeWidth(l.n));
    link.append("title").text((l) => `${l.source.id} → ${l.target.id}: ${l.n} events, mean Goldstein ${l.g}`);

    const active = (state.filters.actor || "").toLowerCase();
    const node = svg.append("g").selectAll("g").data(list).join("g")
      .attr("class", (d) => "node" + (active && d.id.toLowerCase() === active ? " active" : ""))
      .attr("transform", (d) => `translate(${d.x},${d.y})`);
    node.append("circle").attr("r", (d) => d.r).attr("fill", "#1f3b57");
    node.filter((d) => labelled.has(d.id)).append("text").attr("x", (d) => d.r + 3).attr("dy", "0.35em")
      .text((d) => d.id);
    node.append("title").text((d) => `${d.id}: ${d.n} events · click to filter`);
    node.on("click", (event, d) => setFilters({ actor: active === d.id.toLowerCase() ? null : d.id }));
    node.call(d3.drag().on("drag", (event, d) => {
      d.x = event.x;
      d.y = event.y;
      d3.select(event.sourceEvent.target.parentNode).attr("transform", `translate(${d.x},${d.y})`);
      link.attr("d", path);
    }));
  }

  // ---- map --------------------------------------------------------------------------------------

  async function loadWorld() {
    if (state.world) return state.world;
    const response = await fetch("/static/vendor/countries-110m.json");
    if (!response.ok) throw new Error("country outlines missing (run `make vendor`)");
    const topo = await response.json();
    state.world = topojson.feature(topo, topo.objects.countries);
    return state.world;
  }

  async function drawMap() {
    const box = $("#map");
    if (!HAS_D3 || !HAS_TOPO) return message(box, "The map needs d3 and topojson-client (run `make vendor`).", "missing");
    const [world, body] = await Promise.all([loadWorld(), api("/api/places", { limit: 2000 })]);
    const places = body.places;
    box.dataset.points = String(places.length);
    const { svg, width, height } = svgIn(box);

    // Frame the events (with some context around them), or the whole world when there are none.
    const projection = d3.geoNaturalEarth1();
    if (places.length) {
      const lons = places.map((p) => p.lon);
      const lats = places.map((p) => p.lat);
      const [x0, x1] = [Math.min(...lons), Math.max(...lons)];
      const [y0, y1] = [Math.min(...lats), Math.max(...lats)];
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      const hw = Math.max(22, (x1 - x0) / 2 + 8);
      const hh = Math.max(13, (y1 - y0) / 2 + 6);
      const corners = [[cx - hw, cy - hh], [cx + hw, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh]]
        .map(([a, b]) => [Math.max(-180, Math.min(180, a)), Math.max(-85, Math.min(85, b))]);
      projection.fitExtent([[10, 10], [width - 10, height - 10]], { type: "MultiPoint", coordinates: corners });
    } else {
      projection.fitSize([width, height], { type: "Sphere" });
    }
    const geo = d3.geoPath(projection);
    const g = svg.append("g");
    g.append("path").attr("class", "sphere").attr("d", geo({ type: "Sphere" }));
    g.append("path").attr("class", "graticule").attr("d", geo(d3.geoGraticule10()));
    g.append("g").selectAll("path").data(world.features).join("path")
      .attr("class", "country").attr("d", geo)
      .append("title").text((f) => f.properties.name);

    const r = d3.scaleSqrt().domain([1, d3.max(places, (p) => p.n) || 1]).range([4, 18]);
    const points = g.append("g").selectAll("circle").data(places).join("circle")
      .attr("class", "point")
      .attr("cx", (p) => projection([p.lon, p.lat])[0])
      .attr("cy", (p) => projection([p.lon, p.lat])[1])
      .attr("r", (p) => r(p.n))
      .attr("fill", (p) => goldsteinColor(p.mean_goldstein));
    points.append("title").text((p) => `${p.name || "?"} (${p.country || "?"}): ${p.n} events, mean Goldstein ${p.mean_goldstein}`);
    points.on("click", (event, p) => setFilters({ place: state.filters.place === p.name ? null : p.name }));
    // Label the biggest places first and skip a label that would overlap one already placed.
    const placed = [];
    const labelled = places.filter((p) => {
      const [px, py] = projection([p.lon, p.lat]);
      const box = { x0: px + r(p.n) + 2, x1: px + r(p.n) + 6 + 6.5 * (p.name || "").length, y0: py - 8, y1: py + 8 };
      if (!p.name || placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) return false;
      placed.push(box);
      return placed.length <= 25;
    });
    const labels = g.append("g").selectAll("text").data(labelled).join("text")
      .attr("class", "place-label")
      .attr("x", (p) => projection([p.lon, p.lat])[0] + r(p.n) + 3)
      .attr("y", (p) => projection([p.lon, p.lat])[1])
      .attr("dy", "0.35em")
      .text((p) => p.name);

    svg.call(d3.zoom().scaleExtent([1, 12]).on("zoom", (event) => {
      g.attr("transform", event.transform);
      points.attr("r", (p) => r(p.n) / event.transform.k).attr("stroke-width", 1 / event.transform.k);
      labels.attr("font-size", 11 / event.transform.k)
        .attr("x", (p) => projection([p.lon, p.lat])[0] + r(p.n) / event.transform.k + 3 / event.transform.k);
    }));
    if (!places.length) box.append(el("div", { class: "empty" }, "No geolocated events match these filters."));
  }

  // ---- event table ------------------------------------------------------------------------------

  function actorCell(name, country, cameo) {
    const td = el("td", {}, name || cameo || "—");
    if (country) td.append(el("span", { class: "country-tag" }, country));
    return td;
  }

  // The sentence with the trigger word marked, built from text nodes.
  function sentence(text, trigger) {
    const quote = el("blockquote");
    const at = trigger ? text.toLowerCase().indexOf(trigger.toLowerCase()) : -1;
    if (at < 0) {
      quote.textContent = text;
    } else {
      quote.append(text.slice(0, at), el("mark", {}, text.slice(at, at + trigger.length)), text.slice(at + trigger.length));
    }
    return quote;
  }

  function evidence(event) {
    const box = el("div", { class: "evidence" });
    if (!event.mentions.length) box.append(el("p", {}, "No stored mentions."));
    for (const m of event.mentions) {
      const url = safeUrl(m.article_url || m.url);
      const title = m.article_title || m.article_id;
      const line = el("div", { class: "source-line" },
        url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title) : title,
        ` · ${m.source_outlet || m.article_source || "unknown outlet"}`,
        m.published ? ` · ${m.published}` : "",
        ` · sentence ${m.sentence_index}`,
        m.confidence !== null ? ` · confidence ${Number(m.confidence).toFixed(2)}` : "");
      // Which words were read as the actors: tells apart two mentions of one sentence.
      const read = m.source_text || m.target_text
        ? el("div", { class: "source-line" }, `read as: ${m.source_text || "?"} → ${m.trigger || "?"} → ${m.target_text || "—"}`)
        : null;
      box.append(el("div", { class: "mention" }, sentence(m.text || "", m.trigger), read, line));
    }
    return box;
  }

  async function toggle(row, key) {
    const open = row.getAttribute("aria-expanded") === "true";
    const next = row.nextElementSibling;
    if (next && next.classList.contains("detail")) next.remove();
    row.setAttribute("aria-expanded", String(!open));
    if (open) return;
    const cell = el("td", { colspan: 8 }, "loading…");
    row.after(el("tr", { class: "detail" }, cell));
    try {
      const response = await fetch("/api/events/" + encodeURIComponent(key));
      const body = await response.json();
      if (!response.ok) throw new Error(body.detail || response.statusText);
      clear(cell);
      cell.append(evidence(body));
    } catch (err) {
      cell.textContent = "Could not load the evidence: " + err.message;
    }
  }

  async function drawTable() {
    const body = await api("/api/events", { limit: PAGE, offset: state.offset, order: "day" });
    const tbody = $("#events tbody");
    clear(tbody);
    for (const e of body.events) {
      const row = el("tr", { class: "event", tabindex: 0, "aria-expanded": "false", "data-key": e.event_key },
        el("td", {}, e.date || "undated"),
        actorCell(e.source_name, e.source_country, e.source_cameo),
        el("td", { class: "q" + (e.quad_class || "") }, el("span", { class: "code" }, e.cameo_code), e.cameo_name || ""),
        actorCell(e.target_name, e.target_country, e.target_cameo),
        el("td", {}, e.plover_type || "—"),
        el("td", { class: "num" }, e.goldstein === null ? "" : e.goldstein),
        el("td", {}, e.location_name || "", e.location_country ? el("span", { class: "country-tag" }, e.location_country) : null),
        el("td", { class: "num" }, e.n_mentions));
      row.addEventListener("click", () => toggle(row, e.event_key));
      row.addEventListener("keydown", (ev) => { if (ev.key === "Enter") toggle(row, e.event_key); });
      tbody.append(row);
    }
    if (!body.events.length) tbody.append(el("tr", {}, el("td", { colspan: 8 }, "No events match these filters.")));
    const end = state.offset + body.events.length;
    $("#page-info").textContent = body.total ? `${state.offset + 1}–${end} of ${body.total} events` : "0 events";
    $("#prev").disabled = state.offset === 0;
    $("#next").disabled = end >= body.total;
    $("#table-view").dataset.total = String(body.total);
  }

  // ---- start ------------------------------------------------------------------------------------

  async function start() {
    readUrl();
    if (!HAS_D3 || !HAS_TOPO) {
      const notice = $("#notice");
      notice.hidden = false;
      notice.textContent = "The charts need front-end libraries that are not installed here (static/vendor/ is " +
        "missing). Run `make vendor` (needs npm) and reload. The event table works without them.";
    }
    try {
      const meta = await fetch("/api/meta").then((r) => r.json());
      state.meta = meta;
      const range = meta.first_day ? `, ${meta.first_day} to ${meta.last_day}` : "";
      $("#summary").textContent = `${meta.n_events} events from ${meta.n_articles} articles${range}`;
      $("#dbname").textContent = meta.database;
      const type = $("#filters").elements.type;
      for (const t of meta.plover_types) type.append(el("option", { value: t }, t));
      const root = $("#filters").elements.root;
      // Sorted here: a JS object lists integer-like keys ("10") before the others ("01").
      const roots = Object.entries(meta.cameo_roots).sort((a, b) => a[0].localeCompare(b[0]));
      for (const [code, name] of roots) root.append(el("option", { value: code }, `${code} ${name}`));
    } catch (err) {
      showError("Could not read the database summary: " + err.message);
    }
    syncForm();
    for (const box of document.querySelectorAll(".scale-legend")) scaleLegend(box);

    $("#filters").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const form = ev.target;
      const patch = {};
      for (const k of FILTERS) patch[k] = form.elements[k].value;
      setFilters(patch);
    });
    $("#timeline-by").addEventListener("change", (ev) => {
      state.by = ev.target.value;
      drawTimeline().catch((err) => showError(err.message));
    });
    $("#all-dates").addEventListener("click", () => setFilters({ since: null, until: null }));
    $("#clear").addEventListener("click", () => setFilters(Object.fromEntries(FILTERS.map((k) => [k, null]))));
    const page = (delta) => {
      state.offset = Math.max(0, state.offset + delta);
      drawTable().catch((err) => showError(err.message));
    };
    $("#prev").addEventListener("click", () => page(-PAGE));
    $("#next").addEventListener("click", () => page(PAGE));
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(refresh, 250);
    });
    await refresh();
  }

  start();
})();
