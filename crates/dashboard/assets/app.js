// Faultline dashboard: builds the controls from /api/scenarios, posts the
// settings to /api/forecast after each change and shows the answer. Each
// scenario brings its own levers, parameters, states and outcomes; the
// cards are the scenario's outcomes as the server lists them. The charts
// arrive as SVG rendered by the server (the same charts as the HTML report).
// No libraries, no external requests.
//
// Query parameters applied on load (after the status-quo baseline has been
// computed, through the same controls a user moves): scenario=NAME (first,
// through the picker), runs, days, seed, lever.NAME=VALUE, param.NAME=VALUE,
// shock=KIND:STATE[:SIZE]@DAY (repeatable); then article=TEXT (and
// article_date=YYYY-MM-DD) is extracted, and use_article=1 ticks "Use these
// events in the forecast".
//
// "Read an article" posts pasted text to /api/extract, lists the events and
// marks their sentences in the text (built with textContent, never innerHTML);
// "Use these events in the forecast" sends the article and an as_of date (the
// day after its last event) with every forecast request.
"use strict";

// Outcomes whose rise is good news (shown green); a rise of any other is shown red.
const GOOD_OUTCOMES = new Set(["trade_target_met", "resolution", "trade_usd_bn"]);

const ui = {
  scenarios: [],
  scenario: null,
  limits: null,
  levers: {},   // name -> value (only changed ones are sent)
  params: {},   // name -> value (only changed ones are sent)
  shocks: [],   // {kind, state, day, size}
  seq: 0,
  timer: null,
  abort: null,
  baseline: null,
  baselineKey: "",
  updates: 0,
  extracted: null, // last /api/extract answer: {text, date, events, sentences}
  article: null,   // {text, date, as_of} sent with forecasts while "use" is ticked
};

const $ = (id) => document.getElementById(id);

function pct(p) {
  if (!isFinite(p)) return "–";
  const v = p * 100;
  if (p === 0) return "0%";
  if (p === 1) return "100%";
  if (v < 0.1) return "<0.1%";
  if (v > 99.9) return ">99.9%";
  if (v < 1 || v > 99) return v.toFixed(1) + "%";
  return v.toFixed(0) + "%";
}

function fmt(x) {
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return Number(x.toPrecision(3)).toString();
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function slider(container, spec, value, onChange) {
  const step = spec.max - spec.min > 100 ? (spec.max - spec.min) / 100 : (spec.max - spec.min) / 200;
  const id = "ctl-" + spec.name.replace(/[^a-z0-9_]/gi, "-");
  const out = el("output", { for: id }, fmt(value));
  const input = el("input", { type: "range", id, name: spec.name, min: spec.min, max: spec.max, step: step, value: value });
  const wrap = el("div", { class: "control", "data-name": spec.name },
    el("label", { for: id }, el("span", {}, spec.label), out), input,
    el("div", { class: "desc" }, spec.desc));
  input.addEventListener("input", () => {
    const v = Number(input.value);
    out.textContent = fmt(v);
    wrap.classList.toggle("changed", Math.abs(v - spec.base) > 1e-12);
    onChange(v);
  });
  container.append(wrap);
  return input;
}

function requestBody(baseline) {
  return {
    scenario: ui.scenario.name,
    levers: baseline ? {} : ui.levers,
    shocks: baseline ? [] : ui.shocks,
    params: ui.params,
    runs: Number($("runs").value),
    days: Number($("days").value),
    seed: Number($("seed").value),
    charts: !baseline,
    ...(ui.article ? { as_of: ui.article.as_of, article: { text: ui.article.text, date: ui.article.date || undefined } } : {}),
  };
}

// The day after `iso` (YYYY-MM-DD), in UTC.
function nextDay(iso) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// The article's text with each event's sentence marked, as DOM nodes.
function renderArticle(res) {
  const view = $("article-view");
  const chars = Array.from(res.text);
  const spans = res.sentences.map((s) => [s.char_start, s.char_end]).sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) continue;
    if (start > at) nodes.push(document.createTextNode(chars.slice(at, start).join("")));
    const mark = el("mark", { class: "event-sentence" });
    mark.textContent = chars.slice(start, end).join("");
    nodes.push(mark);
    at = end;
  }
  if (at < chars.length) nodes.push(document.createTextNode(chars.slice(at).join("")));
  view.replaceChildren(...nodes);
  view.hidden = false;
  const table = $("article-events");
  const body = table.querySelector("tbody");
  body.replaceChildren(...res.events.map((e) => {
    const place = [e.location.admin2, e.location.admin1, e.location.country].filter(Boolean).join(", ");
    const row = el("tr", { class: "article-event" });
    for (const v of [e.date || "undated", e.event_type, e.actor, e.target, place,
      e.fatalities ? String(e.fatalities.best) : "", e.mentions[0] ? e.mentions[0].rule : "", e.confidence.toFixed(2)]) {
      const td = el("td");
      td.textContent = v;
      row.append(td);
    }
    return row;
  }));
  table.hidden = res.events.length === 0;
}

async function extractArticle() {
  const text = $("article-text").value;
  const date = $("article-date").value;
  $("article-status").textContent = "Reading…";
  try {
    const res = await fetch("/api/extract", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ scenario: ui.scenario.name, text, ...(date ? { date } : {}) }),
    });
    const json = await res.json();
    if (!res.ok) throw new Error((json.field ? json.field + ": " : "") + json.error);
    ui.extracted = { ...json, sent_text: text, sent_date: date };
    renderArticle(json);
    const n = json.events.length;
    $("article-status").textContent = `${n} event${n === 1 ? "" : "s"} extracted` +
      (json.date ? ` · article dated ${json.date}` : " · no article date found");
    $("article-use").disabled = n === 0;
    $("article-use").checked = false;
    document.body.dataset.extracted = String(n);
    if (ui.article) { ui.article = null; subtitle(); schedule(0); }
  } catch (err) {
    $("article-status").textContent = err.message;
    document.body.dataset.extracted = "error";
  }
}

function useArticle(on) {
  const x = ui.extracted;
  if (on && x) {
    const dates = x.events.map((e) => e.date).filter(Boolean).sort();
    const last = dates.length ? dates[dates.length - 1] : x.date;
    if (!last) {
      $("article-status").textContent = "No event or article date: give the article's date to use its events.";
      $("article-use").checked = false;
      return;
    }
    ui.article = { text: x.sent_text, date: x.sent_date || x.date || undefined, as_of: nextDay(last), count: x.events.length };
  } else {
    ui.article = null;
  }
  subtitle();
  schedule(0);
}

function subtitle() {
  const sc = ui.scenario;
  const start = ui.article
    ? `forecast as of ${ui.article.as_of} with ${ui.article.count} pasted event${ui.article.count === 1 ? "" : "s"}`
    : `day 0 = ${sc.start_date}`;
  $("subtitle").textContent = `Scenario ${sc.name}${sc.source === "file" ? " (from a file)" : ""} · ${start} · hash ${sc.hash.slice(0, 12)} · move a control and the forecast updates`;
}

async function post(body, signal) {
  const res = await fetch("/api/forecast", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  const json = await res.json();
  if (!res.ok) throw new Error((json.field ? json.field + ": " : "") + json.error);
  return json;
}

function schedule(delay = 250) {
  clearTimeout(ui.timer);
  ui.timer = setTimeout(update, delay);
}

async function update() {
  const seq = ++ui.seq;
  if (ui.abort) ui.abort.abort();
  ui.abort = new AbortController();
  document.body.dataset.state = "loading";
  $("status").textContent = "Simulating…";
  try {
    const base = requestBody(true);
    const key = JSON.stringify(base);
    if (key !== ui.baselineKey) {
      ui.baseline = await post(base, ui.abort.signal);
      ui.baselineKey = key;
    }
    const res = await post(requestBody(false), ui.abort.signal);
    if (seq !== ui.seq) return;
    render(res);
    $("error").hidden = true;
    ui.updates += 1;
    document.body.dataset.updates = String(ui.updates);
    document.body.dataset.state = "ready";
  } catch (err) {
    if (err.name === "AbortError" || seq !== ui.seq) return;
    $("error").textContent = err.message;
    $("error").hidden = false;
    $("status").textContent = "The last change was rejected; the figures below are from the previous settings.";
    document.body.dataset.state = "error";
  }
}

function lastAt(forecast, name) {
  const p = forecast.probabilities.find((q) => q.name === name);
  return p ? p.by_day[p.by_day.length - 1] : null;
}

function lastQuantity(forecast, name) {
  const q = forecast.quantities.find((x) => x.name === name);
  return q ? q.by_day[q.by_day.length - 1] : null;
}

function sentence(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Red for changes toward escalation, green toward calm.
function deltaClass(name, diff, threshold) {
  const bad = GOOD_OUTCOMES.has(name) ? -diff : diff;
  return "delta" + (bad > threshold ? " up" : bad < -threshold ? " down" : "");
}

function render(res) {
  const f = res.forecast;
  $("horizon-label").textContent = `within ${f.days} days`;
  $("status").textContent =
    `${f.runs.toLocaleString("en")} runs × ${f.days} days, seed ${f.seed} · computed in ${res.compute_ms.toFixed(0)} ms` +
    (res.queue_ms > 1 ? ` after ${res.queue_ms.toFixed(0)} ms in the queue` : "") +
    ` · change shown against the status quo (default levers, no shocks)`;
  const outcomes = ui.scenario.outcomes;
  const cards = $("cards");
  cards.replaceChildren();
  for (const o of outcomes.filter((o) => o.kind === "probability")) {
    const at = lastAt(f, o.name);
    if (!at) continue;
    const base = ui.baseline ? lastAt(ui.baseline.forecast, o.name) : null;
    const diff = base ? (at.p - base.p) * 100 : 0;
    const delta = el("div", { class: deltaClass(o.name, diff, 0.05) },
      base ? `status quo ${pct(base.p)} · ${diff >= 0 ? "+" : "−"}${Math.abs(diff).toFixed(1)} pts` : "");
    const card = el("div", { class: "card", id: "p-" + o.name, title: o.name, "data-p": at.p, "data-baseline": base ? base.p : "" },
      el("div", { class: "event" }, sentence(o.description)),
      el("div", { class: "current" }, pct(at.p)),
      el("div", { class: "interval" }, `95% interval ${pct(at.low)} – ${pct(at.high)}`),
      delta);
    cards.append(card);
  }
  const quantities = $("quantities");
  quantities.replaceChildren();
  for (const o of outcomes.filter((o) => o.kind === "quantity")) {
    const at = lastQuantity(f, o.name);
    if (!at) continue;
    const base = ui.baseline ? lastQuantity(ui.baseline.forecast, o.name) : null;
    const diff = base ? at.q50 - base.q50 : 0;
    const delta = el("div", { class: deltaClass(o.name, diff / Math.max(Math.abs(base ? base.q50 : 0), 1e-9), 0.005) },
      base ? `status quo ${fmt(base.q50)} · ${diff >= 0 ? "+" : "−"}${fmt(Math.abs(diff))}` : "");
    const card = el("div", { class: "card", id: "q-" + o.name, title: o.name, "data-median": at.q50, "data-baseline": base ? base.q50 : "" },
      el("div", { class: "event" }, `${sentence(o.description)} (${o.unit})`),
      el("div", { class: "current" }, fmt(at.q50)),
      el("div", { class: "interval" }, `median; 80% of runs ${fmt(at.q10)} – ${fmt(at.q90)}`),
      delta);
    quantities.append(card);
  }
  const charts = $("charts");
  charts.replaceChildren();
  for (const c of res.charts) {
    const fig = el("figure", { class: "chart", id: "chart-" + c.name });
    fig.innerHTML = c.svg; // SVG produced by the server's chart code, not user text
    fig.append(el("figcaption", { class: "hint" }, c.caption));
    charts.append(fig);
  }
}

function renderShocks() {
  const list = $("shock-list");
  list.replaceChildren();
  ui.shocks.forEach((s, i) => {
    const rm = el("button", { type: "button", "aria-label": "remove" }, "×");
    rm.addEventListener("click", () => { ui.shocks.splice(i, 1); renderShocks(); schedule(0); });
    const size = s.kind === "attack" ? `, ${s.size} dead` : s.kind === "front" ? `, load ${s.size}` : "";
    list.append(el("li", {}, `${s.kind} — ${s.state}, day ${s.day}${size}`, rm));
  });
}

function shockHint() {
  const k = $("shock-kind").value;
  $("shock-hint").textContent = ui.scenario.shock_descriptions[k] || "";
  $("shock-size").disabled = !(k === "attack" || k === "front");
}

function addShock(s) {
  ui.shocks.push(s);
  renderShocks();
  schedule(0);
}

// The controls that stay when the scenario changes: picker, run settings, buttons.
function buildFrame() {
  const picker = $("scenario");
  for (const sc of ui.scenarios) {
    picker.append(el("option", { value: sc.name }, sc.source === "file" ? `${sc.name} (file)` : sc.name));
  }
  picker.addEventListener("change", () => selectScenario(picker.value));
  const runs = $("runs");
  for (const n of [500, 1000, 2000, 5000, 10000, 20000, 50000, 100000].filter((n) => n <= ui.limits.max_runs)) {
    runs.append(el("option", { value: n }, n.toLocaleString("en")));
  }
  runs.value = String(Math.min(2000, ui.limits.max_runs));
  $("days").max = ui.limits.max_days;
  $("days").value = String(Math.min(365, ui.limits.max_days));
  for (const id of ["runs", "days", "seed"]) $(id).addEventListener("change", () => schedule(0));
  $("reset-levers").addEventListener("click", () => {
    for (const l of ui.scenario.levers) {
      const input = $("ctl-" + l.name);
      input.value = l.default;
      input.dispatchEvent(new Event("input"));
    }
  });
  $("reset-params").addEventListener("click", () => {
    for (const p of ui.scenario.params) {
      const input = $("ctl-" + p.name.replace(/[^a-z0-9_]/gi, "-"));
      input.value = p.value;
      input.dispatchEvent(new Event("input"));
    }
  });
  $("article-extract").addEventListener("click", extractArticle);
  $("article-use").addEventListener("change", () => useArticle($("article-use").checked));
  $("shock-kind").addEventListener("change", shockHint);
  $("shock-add").addEventListener("click", () => {
    const kind = $("shock-kind").value;
    const s = { kind, state: $("shock-state").value, day: Number($("shock-day").value) };
    if (kind === "attack" || kind === "front") s.size = Number($("shock-size").value);
    addShock(s);
  });
}

// The controls of the chosen scenario: only its levers, parameters, states and shock kinds.
function buildControls() {
  const sc = ui.scenario;
  $("title").textContent = sc.title;
  subtitle();
  const levers = $("levers");
  levers.replaceChildren();
  for (const l of sc.levers) {
    slider(levers, { name: l.name, label: l.label, min: l.min, max: l.max, base: l.default,
      desc: `${sentence(l.description)} (${l.unit}; status quo ${fmt(l.default)})` }, l.default, (v) => {
      if (Math.abs(v - l.default) > 1e-12) ui.levers[l.name] = v; else delete ui.levers[l.name];
      schedule();
    });
  }
  const params = $("params");
  params.replaceChildren();
  for (const p of sc.params) {
    slider(params, { name: p.name, label: p.label, min: p.min, max: p.max, base: p.value,
      desc: `${p.unit}; plausible ${fmt(p.range[0])}–${fmt(p.range[1])} [${p.tag}]` }, p.value, (v) => {
      if (Math.abs(v - p.value) > 1e-12) ui.params[p.name] = v; else delete ui.params[p.name];
      schedule();
    });
  }
  $("shock-kind").replaceChildren(...sc.shock_kinds.map((k) => el("option", { value: k }, k)));
  $("shock-state").replaceChildren(...sc.states.map((s) => el("option", { value: s.id }, s.name)));
  shockHint();
  renderShocks();
}

// Switches to the scenario called `name`: its controls at their status quo, no shocks,
// and a new forecast. A forecast still on its way for the previous scenario is dropped.
function selectScenario(name) {
  const sc = ui.scenarios.find((s) => s.name === name);
  if (!sc) throw new Error(`unknown scenario \`${name}\`; served: ${ui.scenarios.map((s) => s.name).join(", ")}`);
  ui.seq += 1;
  if (ui.abort) ui.abort.abort();
  ui.scenario = sc;
  ui.levers = {};
  ui.params = {};
  ui.shocks = [];
  ui.article = null;
  ui.extracted = null;
  $("article-use").checked = false;
  $("article-use").disabled = true;
  $("article-status").textContent = "";
  $("article-events").hidden = true;
  $("article-view").hidden = true;
  $("scenario").value = name;
  document.body.dataset.scenario = name;
  buildControls();
  $("cards").replaceChildren();
  $("quantities").replaceChildren();
  $("charts").replaceChildren();
  renderFit(sc.fit);
  schedule(0);
}

// The fitted decision layer against its priors, and the backtest's skill and reliability.
function renderFit(fit) {
  const box = $("fit");
  box.replaceChildren();
  const num = (x) => (x === null || x === undefined ? "—" : Number(x.toPrecision(4)).toString());
  const signed = (x) => (x >= 0 ? "+" : "") + x.toFixed(3);
  if (fit.parameters.length === 0) {
    box.append(el("p", { class: "muted" }, "This scenario's decision layer was not fitted to a record (no [posterior] table); its parameters are the hand-set values."));
  } else {
    const rows = fit.parameters.map((p) => el("tr", {},
      el("td", {}, p.name),
      el("td", {}, p.prior_value === null ? "—" : `${num(p.prior_value)} (${num(p.prior_range[0])} – ${num(p.prior_range[1])})`),
      el("td", {}, num(p.value)),
      el("td", {}, `${num(p.interval[0])} – ${num(p.interval[1])}`)));
    box.append(el("table", { class: "fit", id: "fit-params" },
      el("caption", {}, "Fitted parameters against their priors (posterior mode and 95% interval)"),
      el("thead", {}, el("tr", {}, el("th", {}, "Parameter"), el("th", {}, "Prior (range)"), el("th", {}, "Fitted"), el("th", {}, "95% interval"))),
      el("tbody", {}, ...rows)));
  }
  if (fit.skill.length > 0) {
    const rows = fit.skill.map((r) => el("tr", {},
      el("td", {}, r.fitting), el("td", {}, r.dyad), el("td", {}, r.outcome), el("td", {}, `${r.horizon} d`),
      el("td", {}, `${signed(r.log_skill)} [${signed(r.log_skill_interval[0])}, ${signed(r.log_skill_interval[1])}]`),
      el("td", {}, signed(r.brier_skill))));
    box.append(el("table", { class: "fit", id: "fit-skill" },
      el("caption", {}, "Backtest log-score skill against the long-record base rate (above 0 beats it); " + fit.evaluation_command),
      el("thead", {}, el("tr", {}, el("th", {}, "Fitting"), el("th", {}, "Dyad"), el("th", {}, "Outcomes"), el("th", {}, "Horizon"), el("th", {}, "Log skill [95%]"), el("th", {}, "Brier skill"))),
      el("tbody", {}, ...rows)));
  }
  if (fit.reliability_svg) {
    const fig = el("figure", { id: "fit-reliability" });
    fig.innerHTML = fit.reliability_svg; // SVG produced by the server's chart code, not user text
    fig.append(el("figcaption", {}, "Reliability of the leave-one-dyad-out backtest: points on the diagonal are calibrated."));
    box.append(fig);
  }
}

// Moves the controls named in the query string, as a user would.
function applyQuery() {
  const q = new URLSearchParams(location.search);
  let changed = false;
  const name = q.get("scenario");
  if (name !== null && name !== ui.scenario.name) {
    const picker = $("scenario");
    if (![...picker.options].some((o) => o.value === name)) {
      throw new Error(`unknown scenario \`${name}\` in the address; served: ${ui.scenarios.map((s) => s.name).join(", ")}`);
    }
    picker.value = name;
    picker.dispatchEvent(new Event("change"));
    changed = true;
  }
  for (const [key, value] of q) {
    let input = null;
    if (key.startsWith("lever.")) input = $("ctl-" + key.slice(6));
    else if (key.startsWith("param.")) input = $("ctl-" + key.slice(6).replace(/[^a-z0-9_]/gi, "-"));
    if (input) {
      input.value = value;
      input.dispatchEvent(new Event("input"));
      changed = true;
    } else if (key === "shock") {
      const m = /^(\w+):(\w+)(?::([\d.]+))?@(\d+)$/.exec(value);
      if (m) {
        const s = { kind: m[1], state: m[2], day: Number(m[4]) };
        if (m[3] !== undefined) s.size = Number(m[3]);
        ui.shocks.push(s);
        renderShocks();
        changed = true;
      }
    }
  }
  return changed;
}

async function init() {
  try {
    const res = await fetch("/api/scenarios");
    const info = await res.json();
    ui.scenarios = info.scenarios;
    ui.limits = info.limits;
    buildFrame();
    // Scenarios the server was started with come first, else the first built-in one.
    const start = ui.scenarios.find((s) => s.source === "file") || ui.scenarios[0];
    selectScenario(start.name);
    clearTimeout(ui.timer);
    const q = new URLSearchParams(location.search);
    if (q.has("runs") && ![...$("runs").options].some((o) => o.value === q.get("runs"))) {
      $("runs").append(el("option", { value: q.get("runs") }, Number(q.get("runs")).toLocaleString("en")));
    }
    for (const id of ["runs", "days", "seed"]) if (q.has(id)) $(id).value = q.get(id);
    // First the status quo, then the settings from the query string (if any).
    await update();
    if (applyQuery()) { clearTimeout(ui.timer); await update(); }
    if (q.has("article")) {
      $("article-text").value = q.get("article");
      if (q.has("article_date")) $("article-date").value = q.get("article_date");
      await extractArticle();
      if (q.get("use_article") === "1" && !$("article-use").disabled) {
        $("article-use").checked = true;
        useArticle(true);
        clearTimeout(ui.timer);
        await update();
      }
    }
  } catch (err) {
    $("error").textContent = "Could not load the dashboard: " + err.message;
    $("error").hidden = false;
    document.body.dataset.state = "error";
  }
}

document.addEventListener("DOMContentLoaded", init);
