// The hybridstore console: one snapshot a second over server-sent events (GET /console/api/events),
// the 15-minute history once at load (GET /console/api/timeline). Shapes: docs/operations.md.
"use strict";

const $ = (id) => document.getElementById(id);
const SPAN_SECONDS = 15 * 60;
const EVENT_COLORS = { NODE_LOST: "#c62828", NODE_BACK: "#2e7d32", FULL_REDUNDANCY: "#2e7d32", PASS: "#9aa0a8" };
const history = { seconds: [], full: [], m1: [], m2: [], lost: [] };
let events = [];
let chart = null;

function fmtBytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

function fmtSeconds(s) {
  if (s < 90) return s + " s";
  if (s < 5400) return Math.round(s / 60) + " min";
  return (s / 3600).toFixed(1) + " h";
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function addPoint(second, t) {
  const last = history.seconds.length - 1;
  if (last >= 0 && history.seconds[last] === second) {
    history.seconds.pop(); history.full.pop(); history.m1.pop(); history.m2.pop(); history.lost.pop();
  } else if (last >= 0 && history.seconds[last] > second) {
    return;
  }
  history.seconds.push(second); history.full.push(t[0]); history.m1.push(t[1]); history.m2.push(t[2]); history.lost.push(t[3]);
  while (history.seconds.length && history.seconds[0] <= second - SPAN_SECONDS) {
    history.seconds.shift(); history.full.shift(); history.m1.shift(); history.m2.shift(); history.lost.shift();
  }
}

// Stacked areas: uPlot fills each series down to zero, so the sums are drawn largest first and
// each smaller one paints over it; the legend shows each band's own count.
function stacked() {
  const n = history.seconds.length;
  const a = new Array(n), b = new Array(n), c = new Array(n), d = new Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = history.full[i];
    b[i] = a[i] + history.m1[i];
    c[i] = b[i] + history.m2[i];
    d[i] = c[i] + history.lost[i];
  }
  return [history.seconds, d, c, b, a];
}

function band(label, color, own) {
  // Opaque fills: each band paints over the larger sums drawn before it, so any transparency would mix colours.
  return { label, stroke: color, fill: color, width: 1, points: { show: false },
    value: (u, v, si, i) => (i == null ? "–" : own[i]) };
}

function drawEvents(u) {
  const ctx = u.ctx;
  const from = u.scales.x.min, to = u.scales.x.max;
  ctx.save();
  ctx.lineWidth = 1;
  ctx.font = "11px system-ui";
  let drawn = 0;
  for (const e of events) {
    const x = e.atMillis / 1000;
    if (x < from || x > to || e.type === "PASS") continue;
    const y = u.bbox.top + 12 + (drawn++ % 3) * 13; // staggered: events seconds apart would print over each other
    const px = Math.round(u.valToPos(x, "x", true));
    ctx.strokeStyle = ctx.fillStyle = EVENT_COLORS[e.type] || "#333";
    ctx.beginPath(); ctx.moveTo(px, u.bbox.top); ctx.lineTo(px, u.bbox.top + u.bbox.height); ctx.stroke();
    ctx.fillText(e.detail, px + 3, y);
  }
  ctx.restore();
}

function makeChart() {
  const el = $("chart");
  const opts = {
    width: Math.max(400, el.clientWidth), height: 260,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    series: [{}, band("lost", "#c62828", history.lost), band("missing 2", "#ef6c00", history.m2),
      band("missing 1", "#f9a825", history.m1), band("full", "#43a047", history.full)],
    hooks: { draw: [drawEvents] },
  };
  chart = new uPlot(opts, stacked(), el);
}

function render(s) {
  $("healer").textContent = "served by " + s.healer.id + (s.healer.leader ? " (leader)" : "")
    + " · leader " + (s.healer.leaderId || "none") + (s.healer.term ? " term " + s.healer.term : "");
  $("synced").textContent = s.synced ? "" : "reading records…";
  const r = s.redundancy.overall;
  $("full").textContent = r.full; $("missing1").textContent = r.missing1; $("missing2").textContent = r.missing2;
  $("lost").textContent = r.lost; $("degraded").textContent = r.degraded;
  const live = s.nodes.filter((n) => n.live).length;
  $("live-count").textContent = live + " / " + s.nodes.length;

  const kinds = $("by-kind").tBodies[0];
  kinds.replaceChildren();
  for (const [name, t] of [["hot replicas", s.redundancy.hot], ["cold shards", s.redundancy.cold], ["blob stripes", s.redundancy.stripe]]) {
    const row = kinds.insertRow();
    cell(row, name); cell(row, t.full); cell(row, t.missing1); cell(row, t.missing2); cell(row, t.lost);
  }

  const h = s.healing;
  $("queue").textContent = h.queue + " objects";
  $("rate").textContent = h.objectsPerSecond.toFixed(1) + " objects/s · " + fmtBytes(h.bytesPerSecond) + "/s";
  $("eta").textContent = h.queue === 0 ? "—" : h.eta ? fmtSeconds(h.eta.minSeconds) + " – " + fmtSeconds(h.eta.maxSeconds) : "waiting for a steady rate";
  $("passes").textContent = h.passes + (h.passRunning ? " (running)" : "") + (h.lastPassAt ? " · last " + h.lastPassAt.substring(11, 19) + " UTC, " + h.lastPassMillis + " ms" : "");
  $("repairs").textContent = h.repairsDone + " copies made · " + h.repairsFailed + " failed";
  const failures = $("failures").tBodies[0];
  failures.replaceChildren();
  for (const f of h.failures.slice(0, 10)) {
    const row = failures.insertRow();
    cell(row, f.at.substring(11, 19)); cell(row, f.key); cell(row, f.reason);
  }

  renderNodes(s);

  const list = $("events");
  list.replaceChildren();
  for (const e of s.events.filter((e) => e.type !== "PASS").slice(0, 12)) {
    const li = document.createElement("li");
    li.className = e.type;
    li.textContent = new Date(e.atMillis).toISOString().substring(11, 19) + " " + e.detail;
    list.appendChild(li);
  }
  mergeEvents(s.events);

  addPoint(Math.floor(Date.parse(s.at) / 1000), [r.full, r.missing1, r.missing2, r.lost]);
  if (chart) chart.setData(stacked());
}

function renderNodes(s) {
  $("actions").hidden = !s.actions;
  const body = $("nodes").tBodies[0];
  body.replaceChildren();
  for (const n of s.nodes) {
    const row = body.insertRow();
    row.dataset.node = n.id;
    row.dataset.live = n.live;
    row.className = n.live ? "live" : "dead";
    cell(row, n.id);
    cell(row, n.live ? "live" : "DEAD");
    cell(row, n.zone || "");
    const used = cell(row, "");
    const pct = n.capacityBytes ? Math.min(100, (100 * n.usedBytes) / n.capacityBytes) : 0;
    used.innerHTML = '<span class="bar"><span style="width:' + pct.toFixed(1) + '%"></span></span>';
    used.append(fmtBytes(n.usedBytes));
    cell(row, fmtBytes(n.freeBytes));
    cell(row, n.chunkCount);
    cell(row, n.requestsPerSecond.toFixed(1));
    cell(row, n.errorsPerSecond.toFixed(1));
    cell(row, n.latencyMillis.toFixed(1) + " ms");
    const act = cell(row, "", "action-col");
    if (s.actions) {
      const button = document.createElement("button");
      button.textContent = n.live ? "kill" : "start";
      button.onclick = () => act_(n.live ? "kill" : "start", n.id);
      act.appendChild(button);
    }
  }
}

async function act_(what, node) {
  $("action-result").textContent = what + " " + node + "…";
  const response = await fetch("/console/api/nodes/" + encodeURIComponent(node) + "/" + what, {
    method: "POST", headers: { Authorization: "Bearer " + $("token").value },
  });
  const body = await response.json().catch(() => ({}));
  $("action-result").textContent = response.ok ? body.done : (body.detail || "HTTP " + response.status);
}

function mergeEvents(latest) {
  const seen = new Set(events.map((e) => e.atMillis + e.type + e.detail));
  for (const e of latest) if (!seen.has(e.atMillis + e.type + e.detail)) events.push(e);
  const from = Date.now() - SPAN_SECONDS * 1000;
  events = events.filter((e) => e.atMillis >= from);
}

async function start() {
  try {
    const past = await (await fetch("/console/api/timeline")).json();
    for (const p of past.points) addPoint(p[0], p.slice(1));
    events = past.events;
  } catch (e) {
    console.warn("no history", e);
  }
  makeChart();
  window.addEventListener("resize", () => chart.setSize({ width: Math.max(400, $("chart").clientWidth), height: 260 }));
  const source = new EventSource("/console/api/events");
  source.onopen = () => { $("connection").textContent = "live"; $("connection").className = "badge on"; };
  source.onerror = () => { $("connection").textContent = "reconnecting…"; $("connection").className = "badge off"; };
  source.onmessage = (m) => render(JSON.parse(m.data));
}

start();
