// flashpoint dashboard: one page over the REST API, no build step, no dependencies.
//
// SECURITY: everything the API returns is untrusted news text. It reaches the page only through
// textContent, createTextNode and DOM building (the h()/svg() helpers below refuse event-handler and
// style attributes); nothing is ever parsed as HTML. Links are made only for http(s) URLs.
// SPEED: the page downloads only aggregates (the series, the map cells) and pages of 50 events.

const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE = 50;
const CATEGORIES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
const QUADS = [
  { key: "1", name: "Verbal cooperation" },
  { key: "2", name: "Material cooperation" },
  { key: "3", name: "Verbal conflict" },
  { key: "4", name: "Material conflict" },
];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

const $ = (id) => document.getElementById(id);

const state = {
  dyads: [],
  dyad: null,          // {source, target}
  by: "week",
  both: false,
  series: null,        // the last /series answer
  selected: null,      // index of the pinned period
  alertOpen: null,     // the alert whose events are listed
  mapAll: false,
  mapCells: [],
  world: [],
  streams: [],
  rows: 0,
  openId: null,
  gen: { series: 0, map: 0, events: 0, detail: 0 },
};

// ---- safe DOM building ------------------------------------------------------------------------

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") { el.setAttribute("class", String(value)); continue; }
    if (name === "text") { el.textContent = String(value); continue; }
    const lower = name.toLowerCase();
    if (lower.startsWith("on") || lower === "style" || lower === "href" || lower === "src") {
      throw new Error(`refusing to set attribute ${name}`);   // never from data
    }
    el.setAttribute(name, value === true ? "" : String(value));
  }
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h("td", {class: "x"}, "text", otherNode). Strings become text nodes. */
function h(tag, attrs, ...children) {
  return append(setAttrs(document.createElement(tag), attrs), children);
}

/** An SVG element; geometry goes in attributes (x, y, width…), never in style. */
function svg(tag, attrs, ...children) {
  return append(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children);
}

function svgTitle(text) {
  return svg("title", { text });
}

/** A link only for http(s) URLs (a javascript: or data: URL in a feed stays plain text). */
function safeLink(url, text) {
  let parsed = null;
  try { parsed = new URL(String(url)); } catch { parsed = null; }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    return h("span", {}, text);
  }
  const a = h("a", { rel: "noopener noreferrer", target: "_blank" }, text);
  a.href = parsed.href;
  return a;
}

/** A CSS class token made from data: letters and digits only. */
function token(value) {
  return String(value ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * The evidence sentence with spans marked: `spans` are {start, end, make} with offsets in code
 * points (as Python counts them) relative to `text`. Bad, out-of-range or overlapping spans are
 * clipped or dropped (earlier spans in the list win), never trusted.
 */
function highlighted(text, spans) {
  const frag = document.createDocumentFragment();
  const chars = Array.from(String(text ?? ""));
  const n = chars.length;
  const taken = [];
  for (const sp of spans) {
    if (sp.start === null || sp.start === undefined || sp.end === null || sp.end === undefined) continue;
    let s = Number(sp.start);
    let e = Number(sp.end);
    if (!Number.isInteger(s) || !Number.isInteger(e)) continue;
    s = Math.max(0, s);
    e = Math.min(n, e);
    if (e <= s) continue;
    if (taken.some((t) => s < t.end && t.start < e)) continue;
    taken.push({ start: s, end: e, make: sp.make });
  }
  taken.sort((a, b) => a.start - b.start);
  let pos = 0;
  for (const t of taken) {
    if (t.start > pos) frag.append(document.createTextNode(chars.slice(pos, t.start).join("")));
    const el = t.make();
    el.textContent = chars.slice(t.start, t.end).join("");
    frag.append(el);
    pos = t.end;
  }
  if (pos < n) frag.append(document.createTextNode(chars.slice(pos).join("")));
  return frag;
}

function spanMakers(trigger, source, target, labels = {}) {
  return [
    { start: trigger?.[0], end: trigger?.[1], make: () => h("mark", { title: "trigger" }) },
    { start: source?.[0], end: source?.[1], make: () => h("span", { class: "src", title: labels.source || "source" }) },
    { start: target?.[0], end: target?.[1], make: () => h("span", { class: "tgt", title: labels.target || "target" }) },
  ];
}

// ---- formatting ----------------------------------------------------------------------------------

function parseDay(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ""));
  return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
}

function fmtDay(value) {
  const p = parseDay(value);
  return p ? `${p.d} ${MONTHS[p.m - 1]} ${p.y}` : String(value ?? "—");
}

function fmtPeriod(value, by) {
  const p = parseDay(value);
  if (!p) return String(value ?? "");
  if (by === "month") return `${MONTHS_LONG[p.m - 1]} ${p.y}`;
  if (by === "week") return `Week of ${fmtDay(value)}`;
  return fmtDay(value);
}

function periodEnd(value, by) {
  const p = parseDay(value);
  if (!p) return value;
  const d = new Date(Date.UTC(p.y, p.m - 1, p.d));
  if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
  if (by === "month") { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}

function fmtNum(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return "—";
  const x = Number(v);
  if (Math.abs(x) >= 10000) return `${(x / 1000).toFixed(0)}k`;
  if (Math.abs(x) >= 1000) return `${(x / 1000).toFixed(1)}k`;
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

function plural(n, word) {
  const k = Number(n) || 0;
  return `${fmtNum(k)} ${word}${k === 1 ? "" : "s"}`;
}

function titleCase(s) {
  const t = String(s ?? "");
  return t ? t.charAt(0).toUpperCase() + t.slice(1).toLowerCase() : "";
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function dyadLabel(d, both) {
  return d ? `${d.source} ${both ? "↔" : "→"} ${d.target}` : "";
}

// ---- API -----------------------------------------------------------------------------------------

async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
  }
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) {
    const msg = body && body.error && body.error.message ? body.error.message : `HTTP ${res.status}`;
    throw new Error(msg);
  }
  return body;
}

function showError(where, err) {
  const banner = $("banner");
  banner.textContent = `${where}: ${err && err.message ? err.message : err}`;
  banner.hidden = false;
}

function clearError() {
  $("banner").hidden = true;
}

// ---- state in the URL (so a view can be shared) ----------------------------------------------------

function readHash() {
  const p = new URLSearchParams(window.location.hash.slice(1));
  return { dyad: p.get("dyad"), by: p.get("by"), both: p.get("both") === "1", event: p.get("event") };
}

function writeHash() {
  const p = new URLSearchParams();
  if (state.dyad) p.set("dyad", `${state.dyad.source}:${state.dyad.target}`);
  p.set("by", state.by);
  if (state.both) p.set("both", "1");
  if (state.openId) p.set("event", state.openId);
  history.replaceState(null, "", `#${p.toString()}`);
}

// ---- start-up --------------------------------------------------------------------------------------

async function init() {
  for (const c of CATEGORIES) $("f-category").append(h("option", { value: c }, titleCase(c)));
  bindControls();
  const wanted = readHash();
  if (["day", "week", "month"].includes(wanted.by)) { state.by = wanted.by; $("period").value = wanted.by; }
  state.both = wanted.both;
  $("both").checked = wanted.both;

  const [dyads, world] = await Promise.all([
    api("/api/dyads", { limit: 200 }).catch((e) => { showError("Could not load dyads", e); return []; }),
    fetch("world.json").then((r) => (r.ok ? r.json() : { countries: [] })).catch(() => ({ countries: [] })),
  ]);
  state.world = Array.isArray(world.countries) ? world.countries : [];
  state.dyads = Array.isArray(dyads) ? dyads : [];
  fillDyads(wanted.dyad);
  refreshAll();
  if (wanted.event) openEvent(wanted.event);
  window.addEventListener("resize", onResize);
}

function fillDyads(wanted) {
  const sel = $("dyad");
  sel.replaceChildren();
  if (!state.dyads.length) {
    sel.append(h("option", { value: "" }, "No dyads yet"));
    sel.disabled = true;
    return;
  }
  for (const d of state.dyads) {
    sel.append(h("option", { value: `${d.source}:${d.target}` },
      `${d.source} → ${d.target} · ${d.events} event${d.events === 1 ? "" : "s"}`));
  }
  const pick = state.dyads.find((d) => `${d.source}:${d.target}` === wanted) || state.dyads[0];
  state.dyad = { source: pick.source, target: pick.target };
  sel.value = `${pick.source}:${pick.target}`;
}

function bindControls() {
  $("controls").addEventListener("submit", (e) => e.preventDefault());
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("dyad").addEventListener("change", (e) => {
    const [source, target] = e.target.value.split(":");
    if (!source || !target) return;
    state.dyad = { source, target };
    refreshAll();
  });
  $("period").addEventListener("change", (e) => { state.by = e.target.value; loadSeries(); writeHash(); });
  $("both").addEventListener("change", (e) => { state.both = e.target.checked; refreshAll(); });
  $("map-all").addEventListener("change", (e) => { state.mapAll = e.target.checked; loadMap(); });
  $("f-category").addEventListener("change", resetEvents);
  $("f-since").addEventListener("change", resetEvents);
  $("f-until").addEventListener("change", resetEvents);
  let searchTimer = null;          // search as the user types, once they pause
  $("f-text").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(resetEvents, 300);
  });
  $("more").addEventListener("click", loadMore);
  $("detail-close").addEventListener("click", closeEvent);

  const tbody = document.querySelector("#events tbody");
  tbody.addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-id]");
    if (tr) openEvent(tr.dataset.id);
  });
  tbody.addEventListener("keydown", (e) => {
    const tr = e.target.closest("tr[data-id]");
    if (!tr) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openEvent(tr.dataset.id, { focus: true }); }
    if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
    if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
  });
}

function refreshAll() {
  clearError();
  state.selected = null;
  state.alertOpen = null;
  $("timeline-dyad").textContent = state.dyad ? `· ${dyadLabel(state.dyad, state.both)}` : "";
  loadSeries();
  loadMap();
  resetEvents();
  writeHash();
}

let resizeFrame = 0;
function onResize() {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => {
    if (state.series) drawTimeline();
    drawMap();
  });
}

// ---- escalation timeline -----------------------------------------------------------------------------

async function loadSeries() {
  const gen = ++state.gen.series;
  const box = $("timeline");
  if (!state.dyad) { box.replaceChildren(emptyChart("No dyads in this database yet.")); setLevel(null); return; }
  box.setAttribute("aria-busy", "true");
  try {
    const { source, target } = state.dyad;
    const data = await api(`/api/dyads/${encodeURIComponent(source)}/${encodeURIComponent(target)}/series`,
      { by: state.by, both: state.both ? "true" : "false" });
    if (gen !== state.gen.series) return;
    state.series = data;
    state.selected = null;
    state.alertOpen = null;
    setLevel(data.level);
    drawTimeline();
    showSummary();
  } catch (err) {
    if (gen !== state.gen.series) return;
    showError("Could not load the timeline", err);
    box.replaceChildren(emptyChart("The timeline could not be loaded."));
  } finally {
    if (gen === state.gen.series) box.removeAttribute("aria-busy");
  }
}

function emptyChart(message) {
  return svg("svg", { viewBox: "0 0 600 120", role: "img", "aria-label": message },
    svg("text", { x: 300, y: 64, "text-anchor": "middle", class: "chart-empty", text: message }));
}

function setLevel(level) {
  const badge = $("level");
  badge.className = "badge";
  if (!level || level.level === undefined || level.level === null) {
    badge.classList.add("lvl-none");
    badge.textContent = "—";
    badge.title = "";
    return;
  }
  const n = Number(level.level);
  badge.classList.add(`lvl-${Number.isInteger(n) && n >= 0 && n <= 6 ? n : "none"}`);
  badge.textContent = `${n} · ${level.name ?? ""}`;
  badge.title = `Highest step on the escalation ladder (0–6) among this dyad's events in its last 14 days: ${level.name ?? ""}`;
}

const TL = { left: 52, right: 16, markTop: 14, idxTop: 36, idxH: 124, gap: 26, barsH: 92, axisGap: 16 };

function indexValue(p) {
  const v = p.index_norm ?? p.index;
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function quadCount(p, key) {
  const v = p.quad ? Number(p.quad[key]) : 0;
  return Number.isFinite(v) && v > 0 ? v : 0;
}

function drawTimeline() {
  const box = $("timeline");
  const data = state.series;
  const series = Array.isArray(data?.series) ? data.series : [];
  if (!series.length) {
    box.replaceChildren(emptyChart(`No events for ${dyadLabel(state.dyad, state.both)} yet.`));
    return;
  }
  const W = Math.max(420, Math.round(box.clientWidth || 800));
  const { left, right, markTop, idxTop, idxH, gap, barsH, axisGap } = TL;
  const barsTop = idxTop + idxH + gap;
  const axisY = barsTop + barsH;
  const H = axisY + axisGap + 30;
  const n = series.length;
  const plotW = W - left - right;
  const bw = plotW / n;
  const cx = (i) => left + bw * (i + 0.5);

  const values = series.map(indexValue);
  const useNorm = series.some((p) => p.index_norm !== null && p.index_norm !== undefined);
  const M = niceMax(Math.max(...values.map(Math.abs)));
  const yZero = idxTop + idxH / 2;
  const yI = (v) => yZero - (v / M) * (idxH / 2);
  const totals = series.map((p) => Math.max(Number(p.events) || 0, QUADS.reduce((s, q) => s + quadCount(p, q.key), 0)));
  const maxTotal = Math.max(1, ...totals);
  const tick = Math.max(1, Math.ceil(niceMax(maxTotal / 3)));
  const EM = Math.ceil(maxTotal / tick) * tick;
  const yB = (c) => axisY - (c / EM) * barsH;

  const root = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, width: W, height: H, tabindex: 0, role: "group",
    "aria-label": `Escalation timeline for ${dyadLabel(state.dyad, state.both)}, ${n} ${data.by || state.by} periods`,
  });
  const defs = svg("defs", {},
    svg("clipPath", { id: "clip-pos" }, svg("rect", { x: left, y: idxTop - 2, width: plotW, height: yZero - idxTop + 2 })),
    svg("clipPath", { id: "clip-neg" }, svg("rect", { x: left, y: yZero, width: plotW, height: idxTop + idxH - yZero + 2 })));
  root.append(defs);

  // hit areas first (behind everything): one band per period
  const bands = svg("g", { class: "bands" });
  series.forEach((p, i) => {
    bands.append(svg("rect", {
      class: "band", x: left + bw * i, y: idxTop - 4, width: Math.max(bw, 1), height: axisY - idxTop + 4, "data-i": i,
    }));
  });
  root.append(bands);

  // index panel: grid, labels, areas, line, points
  const axis = svg("g", { class: "axis" });
  for (const t of [M, M / 2, 0, -M / 2, -M]) {
    const y = yI(t);
    axis.append(svg("line", { class: t === 0 ? "zero-line" : "grid-line", x1: left, x2: W - right, y1: y, y2: y }));
    axis.append(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", text: fmtNum(t) }));
  }
  axis.append(svg("text", { class: "axis-title", x: left, y: markTop - 2,
    text: useNorm ? "Conflict–cooperation index per 100 articles" : "Conflict–cooperation index" }));
  axis.append(svg("text", { class: "axis-title coop", x: W - right - 2, y: idxTop + 10, "text-anchor": "end", text: "cooperation ↑" }));
  axis.append(svg("text", { class: "axis-title conf", x: W - right - 2, y: idxTop + idxH - 3, "text-anchor": "end", text: "conflict ↓" }));
  // bars panel axis
  for (let t = tick; t <= EM; t += tick) {
    axis.append(svg("line", { class: "grid-line", x1: left, x2: W - right, y1: yB(t), y2: yB(t) }));
    axis.append(svg("text", { x: left - 6, y: yB(t) + 4, "text-anchor": "end", text: fmtNum(t) }));
  }
  axis.append(svg("text", { x: left - 6, y: axisY + 4, "text-anchor": "end", text: "0" }));
  axis.append(svg("text", { class: "axis-title", x: left, y: barsTop - 8, text: "Merged events by class" }));
  axis.append(svg("line", { class: "baseline", x1: left, x2: W - right, y1: axisY + 0.5, y2: axisY + 0.5 }));
  // period labels
  const every = Math.max(1, Math.ceil(78 / bw));
  let lastYear = null;
  series.forEach((p, i) => {
    if (i % every !== 0) return;
    const d = parseDay(p.period);
    if (!d) return;
    const main = (data.by || state.by) === "month" ? MONTHS[d.m - 1] : `${d.d} ${MONTHS[d.m - 1]}`;
    axis.append(svg("line", { class: "baseline", x1: cx(i), x2: cx(i), y1: axisY, y2: axisY + 4 }));
    axis.append(svg("text", { x: cx(i), y: axisY + axisGap + 1, "text-anchor": "middle", text: main }));
    if (d.y !== lastYear) {
      axis.append(svg("text", { x: cx(i), y: axisY + axisGap + 14, "text-anchor": "middle", class: "axis-title", text: String(d.y) }));
      lastYear = d.y;
    }
  });
  root.append(axis);

  const pts = values.map((v, i) => [cx(i), yI(v)]);
  const line = pts.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");
  const area = `M${pts[0][0].toFixed(1)},${yZero}${pts.map(([x, y]) => `L${x.toFixed(1)},${y.toFixed(1)}`).join("")}L${pts[n - 1][0].toFixed(1)},${yZero}Z`;
  root.append(svg("path", { class: "area-pos", d: area, "clip-path": "url(#clip-pos)" }));
  root.append(svg("path", { class: "area-neg", d: area, "clip-path": "url(#clip-neg)" }));
  root.append(svg("path", { class: "index-line", d: line }));
  if (bw >= 7) {
    const dots = svg("g", { class: "points" });
    pts.forEach(([x, y], i) => {
      if (!(Number(series[i].events) > 0)) return;
      dots.append(svg("circle", { class: `index-point${values[i] < 0 ? " neg" : ""}`, cx: x, cy: y, r: 3.2, "data-i": i },
        svgTitle(`${fmtPeriod(series[i].period, data.by)}: index ${fmtNum(values[i])}`)));
    });
    root.append(dots);
  }

  // stacked bars by quad class
  const barW = Math.max(1, Math.min(bw * 0.72, 34));
  const bars = svg("g", { class: "bars" });
  series.forEach((p, i) => {
    let base = 0;
    for (const q of QUADS) {
      const c = quadCount(p, q.key);
      if (!c) continue;
      const y0 = yB(base);
      const y1 = yB(base + c);
      bars.append(svg("rect", {
        class: `bar q${q.key}`, x: (cx(i) - barW / 2).toFixed(1), y: y1.toFixed(1), width: barW.toFixed(1),
        height: Math.max(0.5, y0 - y1).toFixed(1), "data-i": i,
      }, svgTitle(`${fmtPeriod(p.period, data.by)}: ${c} ${q.name.toLowerCase()}`)));
      base += c;
    }
  });
  root.append(bars);

  // alert markers
  const alerts = Array.isArray(data.alerts) ? data.alerts : [];
  const marks = svg("g", { class: "alerts" });
  alerts.forEach((a, k) => {
    const day = String(a.day ?? "");
    if (!day || day < String(series[0].period)) return;
    let i = -1;
    for (let j = 0; j < n; j++) if (String(series[j].period) <= day) i = j;
    if (i < 0 || day > periodEnd(series[n - 1].period, data.by)) return;
    const x = cx(i);
    const label = `Alert ${fmtDay(a.day)}: ${a.level_name ?? "escalation"} (level ${a.level ?? "?"}), score ${fmtNum(a.score, 2)}`;
    const g = svg("g", { class: "alert-marker", tabindex: 0, role: "button", "aria-label": label, "data-alert": k },
      svgTitle(label),
      svg("rect", { class: "alert-hit", x: x - 5, y: markTop, width: 10, height: idxTop + idxH - markTop }),
      svg("line", { x1: x, x2: x, y1: markTop + 14, y2: axisY }),
      svg("path", { d: `M${x - 8},${markTop} L${x + 8},${markTop} L${x},${markTop + 14} Z` }),
      svg("text", { x, y: markTop + 8, "text-anchor": "middle", text: String(a.level ?? "!") }));
    marks.append(g);
  });
  root.append(marks);

  // interaction: one set of listeners on the chart (event delegation)
  root.addEventListener("mouseover", (e) => {
    const t = e.target.closest("[data-i]");
    if (t) hoverPeriod(Number(t.dataset.i));
  });
  root.addEventListener("mouseleave", () => hoverPeriod(null));
  root.addEventListener("click", (e) => {
    const m = e.target.closest("[data-alert]");
    if (m) { openAlert(Number(m.dataset.alert)); return; }
    const t = e.target.closest("[data-i]");
    if (t) selectPeriod(Number(t.dataset.i));
  });
  root.addEventListener("keydown", (e) => {
    const m = e.target.closest("[data-alert]");
    if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openAlert(Number(m.dataset.alert)); return; }
    const cur = state.selected ?? (e.key === "ArrowLeft" ? n : -1);
    let next = null;
    if (e.key === "ArrowRight") next = Math.min(n - 1, cur + 1);
    if (e.key === "ArrowLeft") next = Math.max(0, cur - 1);
    if (e.key === "Home") next = 0;
    if (e.key === "End") next = n - 1;
    if (e.key === "Escape") { state.selected = null; markBands(); showSummary(); return; }
    if (next !== null) { e.preventDefault(); state.selected = next; markBands(); showPeriod(next); }
  });
  box.replaceChildren(root);
  markBands();
  if (state.alertOpen !== null) markAlert(state.alertOpen);
}

function markBands(hover = null) {
  document.querySelectorAll("#timeline .band").forEach((b) => {
    const i = Number(b.dataset.i);
    b.classList.toggle("selected", i === state.selected);
    b.classList.toggle("hover", i === hover && i !== state.selected);
  });
}

function markAlert(k) {
  document.querySelectorAll("#timeline .alert-marker").forEach((g) => {
    g.classList.toggle("selected", Number(g.dataset.alert) === k);
  });
}

function hoverPeriod(i) {
  markBands(i);
  if (state.alertOpen !== null) return;           // an open alert's list stays until closed
  if (i !== null) showPeriod(i);
  else if (state.selected !== null) showPeriod(state.selected);
  else showSummary();
}

function selectPeriod(i) {
  state.alertOpen = null;
  markAlert(null);
  state.selected = state.selected === i ? null : i;
  markBands();
  if (state.selected === null) showSummary(); else showPeriod(i);
}

function showSummary() {
  const data = state.series;
  const out = $("readout");
  if (!data || !Array.isArray(data.series)) { out.replaceChildren(); return; }
  const s = data.series;
  const sum = (f) => s.reduce((acc, p) => acc + f(p), 0);
  const events = sum((p) => Number(p.events) || 0);
  const conflict = sum((p) => quadCount(p, "3") + quadCount(p, "4"));
  const alerts = Array.isArray(data.alerts) ? data.alerts.length : 0;
  const first = s.length ? fmtDay(s[0].period) : "—";
  const last = s.length ? fmtDay(periodEnd(s[s.length - 1].period, data.by)) : "—";
  out.replaceChildren(
    h("ul", { class: "stats" },
      h("li", {}, h("b", {}, fmtNum(events)), events === 1 ? " merged event" : " merged events"),
      h("li", {}, h("b", {}, events ? `${Math.round((100 * conflict) / events)}%` : "—"), " conflict"),
      h("li", {}, h("b", {}, String(alerts)), ` alert${alerts === 1 ? "" : "s"}`),
      h("li", {}, `${first} – ${last}`)),
    h("p", { class: "hint" }, "Hover or click a period for its numbers (arrow keys work too); click a ▼ alert marker to list the events behind it."));
}

function showPeriod(i) {
  const data = state.series;
  const p = data?.series?.[i];
  if (!p) return;
  const cats = Object.entries(p.categories || {}).sort((a, b) => b[1] - a[1]).slice(0, 5);
  const filter = h("button", { type: "button", class: "button ghost" }, "Show these events in the table");
  filter.addEventListener("click", () => {
    $("f-since").value = String(p.period).slice(0, 10);
    $("f-until").value = periodEnd(p.period, data.by);
    resetEvents();
    $("events-title").scrollIntoView({ behavior: "smooth", block: "start" });
  });
  $("readout").replaceChildren(
    h("h3", {}, fmtPeriod(p.period, data.by)),
    h("ul", { class: "stats" },
      h("li", {}, h("b", {}, fmtNum(p.events)), Number(p.events) === 1 ? " event" : " events"),
      h("li", {}, h("b", {}, fmtNum(p.mentions)), Number(p.mentions) === 1 ? " mention" : " mentions"),
      h("li", {}, "index ", h("b", {}, fmtNum(indexValue(p))),
        p.index_norm !== null && p.index_norm !== undefined ? ` (raw ${fmtNum(p.index)})` : ""),
      h("li", {}, h("b", {}, fmtNum(p.volume)), Number(p.volume) === 1 ? " article in the news" : " articles in the news"),
      QUADS.map((q) => h("li", {}, h("span", { class: `swatch q${q.key}` }), `${q.name}: `, h("b", {}, String(quadCount(p, q.key)))))),
    cats.length ? h("p", { class: "hint" }, "Top categories: ", cats.map(([c, k]) => `${titleCase(c)} ${k}`).join(", ")) : null,
    Number(p.events) > 0 ? filter : null);
}

function openAlert(k) {
  const a = state.series?.alerts?.[k];
  if (!a) return;
  state.alertOpen = k;
  markAlert(k);
  const close = h("button", { type: "button", class: "button ghost" }, "Close");
  close.addEventListener("click", () => { state.alertOpen = null; markAlert(null); showSummary(); });
  const list = h("ul", { class: "alert-events" });
  for (const ev of Array.isArray(a.events) ? a.events : []) {
    const li = h("li", { tabindex: 0, role: "button", "data-id": ev.id },
      h("div", {}, highlighted(ev.evidence, spanMakers(ev.trigger, ev.source_span, ev.target_span))),
      h("div", { class: "ev-meta" },
        `${fmtDay(ev.date)} · ${ev.source ?? "?"} → ${ev.target ?? "?"} · ${ev.cameo ?? ""} ${ev.cameo_name ?? titleCase(ev.category)}`,
        ` · ${ev.modality ?? ""} · ${plural(ev.n_articles, "article")} / ${plural(ev.n_sources, "outlet")}`));
    li.addEventListener("click", () => openEvent(ev.id));
    li.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openEvent(ev.id, { focus: true }); } });
    list.append(li);
  }
  $("readout").replaceChildren(
    h("div", { class: "card-head" },
      h("h3", {}, `Alert · ${fmtDay(a.day)} · level ${a.level ?? "?"} ${a.level_name ?? ""} · score ${fmtNum(a.score, 2)}`),
      close),
    h("p", { class: "hint" },
      `${a.dyad ?? ""}: ${fmtNum(a.observed)} conflict events in ${a.window ?? "?"} days (${fmtDay(a.start)} – ${fmtDay(a.end)}), `
      + `${fmtNum(a.expected, 2)} expected from its own history. The events that drove it:`),
    list);
}

// ---- world map ---------------------------------------------------------------------------------------

async function loadMap() {
  const gen = ++state.gen.map;
  try {
    let cells = [];
    if (state.mapAll) {
      cells = await api("/api/map", {});
    } else if (state.dyad) {
      const { source, target } = state.dyad;
      const asks = [api("/api/map", { dyad: `${source}:${target}` })];
      if (state.both && source !== target) asks.push(api("/api/map", { dyad: `${target}:${source}` }));
      cells = (await Promise.all(asks)).flat();
    }
    if (gen !== state.gen.map) return;
    state.mapCells = Array.isArray(cells) ? cells.filter((c) => Number.isFinite(Number(c.lat)) && Number.isFinite(Number(c.lon))) : [];
    drawMap();
  } catch (err) {
    if (gen !== state.gen.map) return;
    showError("Could not load the map", err);
    state.mapCells = [];
    drawMap();
  }
}

function mapView(cells) {
  if (state.mapAll || !cells.length) return { x: -180, y: -84, w: 360, h: 144 };   // 84°N to 60°S
  const lons = cells.map((c) => Number(c.lon));
  const lats = cells.map((c) => -Number(c.lat));
  const pad = 14;
  let x0 = Math.min(...lons) - pad, x1 = Math.max(...lons) + pad;
  let y0 = Math.min(...lats) - pad, y1 = Math.max(...lats) + pad;
  let w = Math.max(x1 - x0, 80), hgt = Math.max(y1 - y0, 40);
  if (w / hgt > 2) hgt = w / 2; else w = hgt * 2;
  w = Math.min(w, 360); hgt = Math.min(hgt, 180);
  const cxm = (x0 + x1) / 2, cym = (y0 + y1) / 2;
  const x = Math.min(Math.max(cxm - w / 2, -180), 180 - w);
  const y = Math.min(Math.max(cym - hgt / 2, -90), 90 - hgt);
  return { x, y, w, h: hgt };
}

function drawMap() {
  const box = $("map");
  const cells = state.mapCells || [];
  const v = mapView(cells);
  const pxW = Math.max(300, box.clientWidth || 600);
  const k = v.w / pxW;                      // map units per screen pixel
  const label = state.mapAll ? "all events" : dyadLabel(state.dyad, state.both);
  const root = svg("svg", {
    viewBox: `${v.x} ${v.y} ${v.w} ${v.h}`, width: pxW, height: Math.round(pxW * v.h / v.w),
    role: "group", "aria-label": `Map of ${label}: ${cells.length} places`,
  });
  root.append(svg("rect", { class: "ocean", x: v.x, y: v.y, width: v.w, height: v.h }));
  const step = v.w <= 140 ? 10 : 30;
  const grid = svg("g", { class: "graticule" });
  for (let lon = -180; lon <= 180; lon += step) {
    grid.append(svg("line", { x1: lon, x2: lon, y1: -90, y2: 90, "vector-effect": "non-scaling-stroke" }));
  }
  for (let lat = -90; lat <= 90; lat += step) {
    grid.append(svg("line", { x1: -180, x2: 180, y1: -lat, y2: -lat, "vector-effect": "non-scaling-stroke",
      class: lat === 0 ? "equator" : null }));
    if (lat > -90 && lat < 90 && -lat > v.y + 6 * k && -lat < v.y + v.h - 2 * k) {
      grid.append(svg("text", { class: "lat-label", x: v.x + 4 * k, y: -lat - 3 * k, "font-size": 9 * k,
        text: lat === 0 ? "0°" : `${Math.abs(lat)}°${lat > 0 ? "N" : "S"}` }));
    }
  }
  root.append(grid);
  root.append(svg("rect", { class: "frame", x: -180, y: -90, width: 360, height: 180, "vector-effect": "non-scaling-stroke" }));

  const countries = svg("g", { class: "countries" });
  const showNames = v.w <= 160;
  for (const c of state.world) {
    if (!Array.isArray(c) || c.length < 4) continue;
    const [iso, name, lat, lon] = c;
    const x = Number(lon), y = -Number(lat);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < v.x - 5 || x > v.x + v.w + 5 || y < v.y - 5 || y > v.y + v.h + 5) continue;
    countries.append(svg("circle", { class: "country", cx: x, cy: y, r: 2 * k }, svgTitle(String(name))));
    if (showNames) {
      countries.append(svg("text", { class: "country-label", x: x + 3.5 * k, y: y + 3.5 * k, "font-size": 10 * k, text: String(iso) }));
    }
  }
  root.append(countries);


  const maxEvents = Math.max(1, ...cells.map((c) => Number(c.events) || 0));
  const layer = svg("g", { class: "cells" });
  [...cells].sort((a, b) => (Number(b.events) || 0) - (Number(a.events) || 0)).forEach((c) => {
    const events = Number(c.events) || 0;
    const { share, bucket } = conflictBucket(c);
    const r = Math.max(4, 24 * Math.sqrt(events / maxEvents)) * k;
    const text = `${c.name ?? "Unnamed place"}: ${events} event${events === 1 ? "" : "s"}, ${c.conflict ?? 0} conflict `
      + `(${Math.round(share * 100)}%), ${c.articles ?? 0} articles`;
    const dot = svg("circle", {
      class: `cell c${bucket}`, cx: Number(c.lon), cy: -Number(c.lat), r, "stroke-width": 1.2 * k,
      tabindex: 0, role: "button", "aria-label": `${text}. Open its top event.`, "data-event": c.top_event ?? "",
    }, svgTitle(text));
    dot.addEventListener("mouseenter", () => { $("map-caption").textContent = text; });
    dot.addEventListener("focus", () => { $("map-caption").textContent = text; });
    dot.addEventListener("click", () => { if (c.top_event) openEvent(String(c.top_event)); });
    dot.addEventListener("keydown", (e) => {
      if ((e.key === "Enter" || e.key === " ") && c.top_event) { e.preventDefault(); openEvent(String(c.top_event), { focus: true }); }
    });
    layer.append(dot);
  });
  root.append(layer);

  if (!state.mapAll && state.dyad) {           // the dyad's own countries, ringed and named
    const ring = svg("g", { class: "dyad-countries" });
    for (const code of new Set([state.dyad.source, state.dyad.target])) {
      const c = state.world.find((w) => Array.isArray(w) && w[0] === code);
      if (!c) continue;
      const x = Number(c[3]), y = -Number(c[2]);
      ring.append(svg("circle", { class: "dyad-country", cx: x, cy: y, r: 5 * k, "stroke-width": 1.5 * k },
        svgTitle(String(c[1]))));
      ring.append(svg("text", { class: "dyad-label", x: x + 7 * k, y: y - 6 * k, "font-size": 11 * k,
        "stroke-width": 3 * k, text: String(c[0]) }));
    }
    root.append(ring);
  }
  if (!cells.length) {
    root.append(svg("text", { class: "map-empty", x: v.x + v.w / 2, y: v.y + v.h / 2, "text-anchor": "middle",
      "font-size": 13 * k, text: `No located events for ${label}.` }));
  }
  root.addEventListener("mouseleave", () => {
    $("map-caption").textContent = `${cells.length} place${cells.length === 1 ? "" : "s"} · circle area = events; click one to open its top event.`;
  });
  box.replaceChildren(root);
  drawPlaces(cells);
  $("map-caption").textContent = `${cells.length} place${cells.length === 1 ? "" : "s"} · circle area = events; click one to open its top event.`;
}

function conflictBucket(c) {
  const events = Number(c.events) || 0;
  const share = events ? (Number(c.conflict) || 0) / events : 0;
  return { share, bucket: Math.min(4, Math.floor(share * 5)) };
}

function drawPlaces(cells) {
  const list = $("places");
  list.replaceChildren();
  const top = [...cells].sort((a, b) => (Number(b.events) || 0) - (Number(a.events) || 0)).slice(0, 6);
  for (const c of top) {
    const { share, bucket } = conflictBucket(c);
    const where = `${Math.abs(Number(c.lat)).toFixed(1)}°${Number(c.lat) >= 0 ? "N" : "S"} ${Math.abs(Number(c.lon)).toFixed(1)}°${Number(c.lon) >= 0 ? "E" : "W"}`;
    const button = h("button", { type: "button", class: "place", title: `${where}: open this place's top event` },
      h("span", { class: `dot c${bucket}` }),
      h("span", { class: "name" }, c.name ? String(c.name) : "Unnamed place"),
      h("span", { class: "count" }, `${plural(c.events, "event")} · ${Math.round(share * 100)}% conflict`));
    button.addEventListener("click", () => { if (c.top_event) openEvent(String(c.top_event), { focus: true }); });
    list.append(h("li", {}, button));
  }
  if (!top.length) list.append(h("li", { class: "empty-note" }, "No located events."));
}

// ---- event table ---------------------------------------------------------------------------------------

/** One paged query against /api/events; a merge of two (both directions) stays newest first. */
class Stream {
  constructor(params) { this.params = params; this.buf = []; this.cursor = null; this.done = false; }
  async fill() {
    if (this.buf.length || this.done) return;
    const page = await api("/api/events", { ...this.params, limit: PAGE, cursor: this.cursor });
    this.buf = Array.isArray(page.items) ? page.items : [];
    this.cursor = page.next_cursor || null;
    this.done = !this.cursor;
  }
}

function newer(a, b) {
  const da = a.date ?? "", db = b.date ?? "";
  if (da !== db) return da === "" ? false : db === "" ? true : da > db;
  return String(a.id) > String(b.id);
}

async function nextPage(streams, n) {
  const out = [];
  while (out.length < n) {
    await Promise.all(streams.map((s) => s.fill()));
    const live = streams.filter((s) => s.buf.length);
    if (!live.length) break;
    let best = live[0];
    for (const s of live.slice(1)) if (newer(s.buf[0], best.buf[0])) best = s;
    out.push(best.buf.shift());
  }
  return out;
}

function resetEvents() {
  const gen = ++state.gen.events;
  document.querySelector("#events tbody").replaceChildren();
  state.rows = 0;
  const filters = {
    category: $("f-category").value, since: $("f-since").value, until: $("f-until").value,
    q: $("f-text").value.trim().slice(0, 200),
  };
  const streams = [];
  if (state.dyad) {
    const { source, target } = state.dyad;
    streams.push(new Stream({ ...filters, dyad: `${source}:${target}` }));
    if (state.both && source !== target) streams.push(new Stream({ ...filters, dyad: `${target}:${source}` }));
  }
  state.streams = streams;
  loadMore(gen);
}

async function loadMore(genArg) {
  const gen = typeof genArg === "number" ? genArg : state.gen.events;
  const more = $("more");
  more.disabled = true;
  more.textContent = "Loading…";
  try {
    const items = await nextPage(state.streams, PAGE);
    if (gen !== state.gen.events) return;
    const tbody = document.querySelector("#events tbody");
    for (const ev of items) tbody.append(eventRow(ev));
    state.rows += items.length;
    const hasMore = state.streams.some((s) => s.buf.length || !s.done);
    more.hidden = !hasMore;
    $("events-count").textContent = state.rows ? `· ${state.rows}${hasMore ? "+" : ""} loaded` : "";
    showSearchNote(hasMore);
  } catch (err) {
    if (gen !== state.gen.events) return;
    showError("Could not load events", err);
  } finally {
    if (gen === state.gen.events) { more.disabled = false; more.textContent = "Load more"; }
  }
}

function actor(code, country) {
  return String(code || country || "?");
}

function truncate(text, n) {
  const chars = Array.from(String(text ?? ""));
  return chars.length > n ? `${chars.slice(0, n - 1).join("")}…` : chars.join("");
}

function eventRow(ev) {
  const quad = Number(ev.quad);
  const tr = h("tr", { tabindex: 0, "data-id": ev.id, "aria-label": `${ev.category ?? "event"} on ${ev.date ?? "unknown date"}, open details` },
    h("td", { class: "date" }, ev.date ? String(ev.date) : "—"),
    h("td", { class: "dyad", title: `${ev.source_country ?? "?"} → ${ev.target_country ?? "?"}` },
      h("span", { class: "code" }, actor(ev.source_code, ev.source_country)), h("span", { class: "arrow" }, " → "),
      h("span", { class: "code" }, actor(ev.target_code, ev.target_country))),
    h("td", {}, h("span", { class: "cat" }, h("span", { class: `dot${quad >= 1 && quad <= 4 ? ` q${quad}` : ""}` }), titleCase(ev.category) || "—")),
    h("td", { class: "cameo" }, ev.cameo ?? "—"),
    h("td", {}, ev.modality ? h("span", { class: `pill m-${token(ev.modality)}` }, String(ev.modality)) : "—"),
    h("td", { class: "num" }, `${ev.n_mentions ?? 0} / ${ev.n_articles ?? 0} / ${ev.n_sources ?? 0}`),
    h("td", { class: "evidence", title: String(ev.evidence ?? "") }, h("div", { class: "clamp" }, truncate(ev.evidence, 220))));
  if (ev.id === state.openId) { tr.classList.add("selected"); tr.setAttribute("aria-current", "true"); }
  return tr;
}

/** The server searched every mention's evidence (GET /api/events?q=): say what the table shows. */
function showSearchNote(hasMore) {
  const q = $("f-text").value.trim();
  $("events-empty").hidden = state.rows > 0;
  $("events-note").textContent = q
    ? `${state.rows}${hasMore ? "+" : ""} events with “${q}” in the evidence of a report`
    : "";
}

// ---- event panel ---------------------------------------------------------------------------------------

async function openEvent(id, opts = {}) {
  if (!id) return;
  const gen = ++state.gen.detail;
  const body = $("detail-body");
  body.setAttribute("aria-busy", "true");
  try {
    const ev = await api(`/api/events/${encodeURIComponent(id)}`);
    if (gen !== state.gen.detail) return;
    state.openId = ev.id;
    renderEvent(ev);
    document.querySelectorAll("#events tbody tr").forEach((tr) => {
      const on = tr.dataset.id === ev.id;
      tr.classList.toggle("selected", on);
      if (on) tr.setAttribute("aria-current", "true"); else tr.removeAttribute("aria-current");
    });
    writeHash();
    const card = $("detail");
    const r = card.getBoundingClientRect();
    if (r.top > window.innerHeight || r.bottom < 0) card.scrollIntoView({ behavior: "smooth", block: "start" });
    if (opts.focus) card.focus({ preventScroll: true });
  } catch (err) {
    if (gen !== state.gen.detail) return;
    showError("Could not open the event", err);
  } finally {
    if (gen === state.gen.detail) body.removeAttribute("aria-busy");
  }
}

function closeEvent() {
  state.openId = null;
  ++state.gen.detail;
  delete $("detail").dataset.eventId;
  $("detail-close").hidden = true;
  $("detail-title").textContent = "Event";
  $("detail-body").replaceChildren(h("p", { class: "placeholder" }, "Select an event in the table, on the map or under an alert to read its evidence."));
  document.querySelectorAll("#events tbody tr.selected").forEach((tr) => { tr.classList.remove("selected"); tr.removeAttribute("aria-current"); });
  writeHash();
}

function fact(dl, name, value) {
  if (value === null || value === undefined || value === "") return;
  dl.append(h("dt", {}, name), h("dd", {}, value));
}

function attributionChain(m) {
  const chain = h("span", { class: "chain" });
  const parts = m.attribution ? String(m.attribution).split(/,\s*via\s+/i) : [];
  const links = [...parts, m.outlet ? String(m.outlet) : "the outlet"];
  links.forEach((p, i) => {
    if (i) chain.append(h("span", { class: "arrow", "aria-label": "reported via" }, "←"));
    chain.append(h("span", { class: "who" }, p));
  });
  if (!parts.length) chain.append(h("span", { class: "muted" }, "(its own reporting)"));
  return chain;
}

function renderEvent(ev) {
  const quad = Number(ev.quad);
  const src = `${ev.source_country ?? "?"}${ev.source_code && ev.source_code !== ev.source_country ? ` (${ev.source_code})` : ""}`;
  const tgt = `${ev.target_country ?? "?"}${ev.target_code && ev.target_code !== ev.target_country ? ` (${ev.target_code})` : ""}`;
  const dates = ev.last_date && ev.last_date !== ev.date ? `${fmtDay(ev.date)} – ${fmtDay(ev.last_date)}` : fmtDay(ev.date);
  $("detail-title").textContent = "Event";
  $("detail-close").hidden = false;
  $("detail").dataset.eventId = String(ev.id ?? "");

  const facts = h("dl", { class: "facts" });
  fact(facts, "When", dates);
  fact(facts, "Who", `${src} → ${tgt}`);
  fact(facts, "Modality", ev.modality ? h("span", { class: `pill m-${token(ev.modality)}` }, String(ev.modality)) : null);
  fact(facts, "Goldstein", ev.goldstein !== null && ev.goldstein !== undefined ? fmtNum(ev.goldstein) : null);
  fact(facts, "Where", ev.location_name ? String(ev.location_name) : null);
  fact(facts, "Killed", ev.killed ?? null);
  fact(facts, "Injured", ev.injured ?? null);
  fact(facts, "Size", ev.size ?? null);
  fact(facts, "Coverage", `${plural(ev.n_mentions, "mention")} · ${plural(ev.n_articles, "article")} · ${plural(ev.n_sources, "outlet")}`);

  const mentions = h("ul", { class: "mentions" });
  for (const m of Array.isArray(ev.mentions) ? ev.mentions : []) {
    const spans = spanMakers([m.trigger_start, m.trigger_end], [m.source_start, m.source_end], [m.target_start, m.target_end], {
      source: `source: ${m.source_text ?? ""}${m.source_code ? ` (${m.source_code})` : ""}`,
      target: `target: ${m.target_text ?? ""}${m.target_code ? ` (${m.target_code})` : ""}`,
    });
    const where = m.location_name ? `${m.location_name}${m.location_relation ? ` (${m.location_relation})` : ""}` : null;
    mentions.append(h("li", { class: "mention" },
      h("p", { class: "evidence-text" }, highlighted(m.evidence, spans)),
      h("div", { class: "mention-meta" },
        m.modality ? h("span", { class: `pill m-${token(m.modality)}` }, String(m.modality)) : null,
        h("span", {}, `CAMEO ${m.cameo ?? "—"} · ${titleCase(m.category)}`),
        where ? h("span", {}, `Place: ${where}`) : null,
        h("span", {}, "Attribution: ", attributionChain(m))),
      h("div", { class: "mention-source" },
        h("span", { class: "outlet" }, m.outlet ? String(m.outlet) : "Unknown outlet"),
        " · ", m.title ? safeLink(m.url, String(m.title)) : safeLink(m.url, m.url ? String(m.url) : "untitled"),
        " · ", m.published ? fmtDay(m.published) : "undated")));
  }
  const outlets = h("ul", { class: "outlets" });
  for (const o of Array.isArray(ev.outlets) ? ev.outlets : []) outlets.append(h("li", {}, String(o)));

  $("detail-body").replaceChildren(
    h("h3", { class: "ev-title" }, h("span", { class: `dot${quad >= 1 && quad <= 4 ? ` q${quad}` : ""}` }),
      `${titleCase(ev.category) || "Event"} · CAMEO ${ev.cameo ?? "—"}`),
    facts,
    h("p", { class: "key" }, h("span", {}, h("mark", {}, "trigger")), h("span", {}, h("span", { class: "src" }, "source")),
      h("span", {}, h("span", { class: "tgt" }, "target"))),
    h("h4", { class: "section-title" }, `Mentions (${Array.isArray(ev.mentions) ? ev.mentions.length : 0})`),
    mentions,
    h("h4", { class: "section-title" }, `Reported by (${Array.isArray(ev.outlets) ? ev.outlets.length : 0} outlet${ev.outlets?.length === 1 ? "" : "s"})`),
    outlets.childElementCount ? outlets : h("p", { class: "placeholder" }, "No outlet recorded."));
}

init().catch((err) => showError("The dashboard could not start", err));
