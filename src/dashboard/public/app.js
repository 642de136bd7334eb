/* global document, fetch, EventSource */
// The dashboard page: the runs table, and for the open run its training curves (SVG drawn here,
// no chart library), final metrics, config, environment, confusion matrix, model summary and
// explanations (column importance, and one row or message explained on request).
// Live updates arrive as server-sent events from /api/events ("run" and "epoch"), which the server
// reads from the run store. Every value from a run is inserted as text, never as HTML.

const state = {
  /** Run summaries by id, newest first in `order`. */
  runs: new Map(),
  order: [],
  /** The open run's full record (with epochs and artifacts), or null. */
  open: null,
  openId: null,
  follow: true,
  events: 0,
  /** Run ids ticked for comparison, oldest tick first (two at most). */
  ticked: [],
  /** Epochs seen live, by run id: merged into a run fetched while they were arriving. */
  live: new Map(),
};

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${url}: ${response.status}`);
  return body;
}

const metric = (v) => (v === null || v === undefined ? '-' : Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4));
const start = (iso) => iso.replace('T', ' ').slice(0, 19);
const value = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

function duration(ms) {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function firstMetric(run) {
  const entry = Object.entries(run.finalMetrics ?? {})[0];
  return entry === undefined ? '' : `${entry[0]} ${metric(entry[1])}`;
}

// ---- runs table -------------------------------------------------------------------------------

function renderRuns() {
  const body = $('runs').tBodies[0];
  body.replaceChildren(
    ...state.order.map((id) => {
      const run = state.runs.get(id);
      const tick = el('input', { type: 'checkbox', 'aria-label': `compare ${run.name}` });
      tick.checked = state.ticked.includes(id);
      tick.addEventListener('click', (event) => event.stopPropagation());
      tick.addEventListener('change', () => {
        state.ticked = tick.checked ? [...state.ticked, id].slice(-2) : state.ticked.filter((t) => t !== id);
        renderRuns();
      });
      const row = el(
        'tr',
        { 'data-run-id': id, class: id === state.openId ? 'open' : '', title: id },
        el('td', {}, tick),
        el('td', {}, run.name),
        el('td', { class: `status-${run.status}` }, run.status),
        el('td', { title: `${start(run.startedAt)} UTC` }, start(run.startedAt).slice(5, 16)),
        el('td', { class: 'num' }, String(run.epochCount)),
        el('td', {}, firstMetric(run)),
      );
      row.addEventListener('click', () => {
        state.follow = false;
        $('follow').checked = false;
        openRun(id);
      });
      return row;
    }),
  );
  $('no-runs').hidden = state.order.length > 0;
  $('compare-button').disabled = state.ticked.length !== 2;
}

function upsertRun(run) {
  const isNew = !state.runs.has(run.id);
  state.runs.set(run.id, run);
  if (isNew) state.order = [...state.runs.values()].sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1)).map((r) => r.id);
  return isNew;
}

async function loadRuns() {
  const { runsDir, runs } = await getJson('/api/runs');
  $('runs-dir').textContent = runsDir;
  state.runs.clear();
  for (const run of runs) state.runs.set(run.id, run);
  state.order = runs.map((r) => r.id);
  renderRuns();
  const target = state.follow ? state.order[0] : state.openId;
  if (target !== undefined && target !== null) await openRun(target);
}

// ---- one run ----------------------------------------------------------------------------------

async function openRun(id) {
  state.openId = id;
  renderRuns();
  const run = await getJson(`/api/runs/${encodeURIComponent(id)}`);
  if (state.openId !== id) return;
  run.epochs = mergeEpochs(run.epochs, [...(state.live.get(run.id)?.values() ?? [])]);
  state.open = run;
  renderRun();
  renderModel(id);
  renderExplanations(run);
}

function renderRun() {
  const run = state.open;
  $('pick').hidden = true;
  $('comparison').hidden = true;
  $('run').hidden = false;
  $('run-title').textContent = `${run.name} — ${run.status}`;
  $('run-title').dataset.status = run.status;
  $('run-meta').textContent = `${run.id} · started ${start(run.startedAt)} UTC${run.durationMs === null ? '' : ` · ${duration(run.durationMs)}`} · seed ${run.seed ?? '-'}${run.error ? ` · ${run.error}` : ''}`;
  renderCharts();
  fillTable($('final-metrics'), Object.entries(run.finalMetrics ?? {}).map(([k, v]) => [k, metric(v)]), 'not finished');
  fillTable($('config'), flatten(run.config).map(([k, v]) => [k, value(v)]), '');
  fillTable($('environment'), Object.entries(run.environment).map(([k, v]) => [k, String(v)]), '');
  renderConfusion(run.artifacts.confusionMatrix);
}

function flatten(object, prefix = '') {
  return Object.entries(object).flatMap(([k, v]) => {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? flatten(v, key) : [[key, v]];
  });
}

function fillTable(table, rows, empty) {
  table.replaceChildren(...(rows.length === 0 ? [el('tr', {}, el('td', {}, empty))] : rows.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', { class: 'num' }, v)))));
}

function renderConfusion(artifact) {
  $('confusion-block').hidden = artifact === undefined;
  if (artifact === undefined) return;
  $('confusion-title').textContent = `Confusion matrix on the ${artifact.split} (rows: true class, columns: predicted)`;
  const head = el('tr', {}, el('th'), ...artifact.labels.map((l) => el('th', {}, l)));
  const rows = artifact.matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return el(
      'tr',
      {},
      el('th', {}, artifact.labels[i]),
      ...row.map((n, j) => {
        const share = n / total;
        const colour = i === j ? `rgba(37, 99, 235, ${share})` : `rgba(234, 88, 12, ${share})`;
        return el('td', { style: `background: ${colour}; color: ${share > 0.6 ? '#fff' : 'inherit'}` }, String(n));
      }),
    );
  });
  $('confusion').replaceChildren(head, ...rows);
}

async function renderModel(id) {
  const run = state.open;
  const recorded = typeof run.artifacts.modelSummary === 'string' ? run.artifacts.modelSummary : '';
  $('model-summary').textContent = recorded;
  $('model-meta').textContent = run.modelDir === null ? 'This run saved no model.' : `Folder: ${run.modelDir}`;
  if (run.modelDir === null || run.status === 'running') return;
  try {
    const info = await getJson(`/api/runs/${encodeURIComponent(id)}/model`);
    if (state.openId !== id) return;
    const files = Object.entries(info.files).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KiB`).join(', ');
    $('model-meta').textContent = `Folder: ${info.folder} · ${info.parameters.toLocaleString('en-US')} parameters · Sprout ${info.sproutVersion} · ${files}`;
    $('model-summary').textContent = info.summary;
  } catch (error) {
    if (state.openId === id) $('model-meta').textContent = `Folder: ${run.modelDir} (${error.message})`;
  }
}

// ---- explanations -----------------------------------------------------------------------------

/** The run whose explanation section is drawn, its status then (a run that ends is read again), and its setup. */
const explained = { id: null, status: null, setup: null };

const signed = (v) => `${v >= 0 ? '+' : ''}${metric(v)}`;

async function renderExplanations(run) {
  if (explained.id === run.id && explained.status === run.status) return;
  Object.assign(explained, { id: run.id, status: run.status, setup: null });
  $('explain-global').hidden = true;
  $('explain-form').hidden = true;
  $('global-chart').replaceChildren();
  $('local-chart').replaceChildren();
  showLocalMeta('');
  const note = (text) => ($('explain-note').textContent = text);
  if (run.modelDir === null) return note('This run saved no model to explain.');
  if (run.status === 'running') return note('Explanations appear when the run ends.');
  note('Reading the model…');
  let setup;
  try {
    setup = await getJson(`/api/runs/${encodeURIComponent(run.id)}/explain`);
  } catch (error) {
    if (state.openId === run.id) note(`Cannot explain this run: ${error.message}`);
    return;
  }
  if (state.openId !== run.id) return;
  explained.setup = setup;
  if (setup.kind === 'none') return note(`Nothing to explain here: ${setup.reason}. The dashboard explains ${setup.explainable.join(', and ')}.`);
  $('explain-method').replaceChildren(...setup.methods.map((m) => el('option', { value: m }, m)));
  const classes = setup.classes ?? [];
  $('explain-target').replaceChildren(el('option', { value: '' }, '(the predicted one)'), ...classes.map((c) => el('option', { value: c }, c)));
  $('explain-target').parentElement.hidden = classes.length === 0;
  if (setup.kind === 'text') {
    note(`Text classifier (${setup.family}) of ${classes.length} classes: write a message to see which words the answer rests on.`);
    $('explain-form-title').textContent = 'Explain one message';
    const box = el('textarea', { 'data-field': 'text', 'aria-label': 'message' });
    $('explain-fields').replaceChildren(el('label', { class: 'text-field' }, el('span', {}, 'message'), box));
  } else {
    const data = setup.data.unavailable === undefined ? `its data file ${setup.data.path} (${setup.data.rows} of ${setup.data.fileRows} rows read)` : null;
    note(`Table model predicting ${setup.target} (${setup.task}). ${data === null ? `No data rows: ${setup.data.unavailable}. The form starts from the training medians and most frequent values.` : `The form starts from the first row read from ${data}.`}`);
    $('explain-form-title').textContent = 'Explain one row';
    $('explain-fields').replaceChildren(...setup.fields.map((field, i) => fieldInput(field, setup.example?.[field.name] ?? field.typical, i)));
    renderGlobal(run.id);
  }
  $('explain-form').hidden = false;
}

/** A labelled input for one column: a list for booleans, suggestions for categories, a box for text. */
function fieldInput(field, value, index) {
  const text = value ?? '';
  const extra = [];
  let input;
  if (field.type === 'boolean') {
    input = el('select', {}, el('option', { value: '' }, '(missing)'), ...field.choices.map((c) => el('option', { value: c }, c)));
    input.value = text.toLowerCase() === 'yes' ? 'true' : text.toLowerCase() === 'no' ? 'false' : text;
  } else if (field.type === 'text') {
    input = el('textarea');
    input.value = text;
  } else {
    input = el('input', { type: 'text', ...(field.type === 'numeric' ? { inputmode: 'decimal' } : {}) });
    input.value = text;
    if (field.choices !== undefined) {
      extra.push(el('datalist', { id: `explain-choices-${index}` }, ...field.choices.map((c) => el('option', { value: c }))));
      input.setAttribute('list', `explain-choices-${index}`);
    }
  }
  input.setAttribute('data-field', field.name);
  return el('label', { class: field.type === 'text' ? 'text-field' : '', title: `${field.type}; empty = missing` }, el('span', {}, field.name), input, ...extra);
}

async function renderGlobal(id) {
  $('explain-global').hidden = false;
  $('global-meta').textContent = 'Computing: each column is shuffled in turn…';
  try {
    const g = await getJson(`/api/runs/${encodeURIComponent(id)}/explain/global`);
    if (state.openId !== id) return;
    if (!g.available) {
      $('global-meta').textContent = `Not available: ${g.reason}.`;
      return;
    }
    $('global-meta').textContent = `${g.metric} on ${g.rows} rows of ${g.path} (training rows included) is ${metric(g.baselineScore)} with every column intact; a column's importance is how much it drops when that column is shuffled (mean ± spread of ${g.repeats} shuffles).`;
    $('global-chart').replaceChildren(drawBars('global', g.columns.map((c) => ({ label: c.column, value: c.importance, error: c.std }))));
  } catch (error) {
    if (state.openId === id) $('global-meta').textContent = `Not available: ${error.message}`;
  }
}

function showLocalMeta(text, isError = false) {
  $('local-meta').textContent = text;
  $('local-meta').className = isError ? 'note error' : 'note';
}

async function explainOne(event) {
  event.preventDefault();
  const { id, setup } = explained;
  if (setup === null || state.openId !== id) return;
  const body = { method: $('explain-method').value };
  if ($('explain-target').value !== '') body.target = $('explain-target').value;
  const inputs = [...$('explain-fields').querySelectorAll('[data-field]')];
  for (const input of inputs) input.removeAttribute('aria-invalid');
  if (setup.kind === 'text') body.text = inputs[0].value;
  else body.row = Object.fromEntries(inputs.map((input) => [input.getAttribute('data-field'), input.value]));
  $('explain-button').disabled = true;
  showLocalMeta('Explaining…');
  try {
    const response = await fetch(`/api/runs/${encodeURIComponent(id)}/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (state.openId !== id) return;
    if (!response.ok) {
      const name = answer.field?.replace(/^row\./, '');
      inputs.find((input) => input.getAttribute('data-field') === name)?.setAttribute('aria-invalid', 'true');
      showLocalMeta(answer.field === undefined ? answer.error : `${answer.field}: ${answer.reason}`, true);
      $('local-chart').replaceChildren();
      return;
    }
    renderLocal(answer);
  } catch (error) {
    showLocalMeta(error.message, true);
  } finally {
    $('explain-button').disabled = false;
  }
}

function renderLocal(a) {
  const what = a.label === null ? `predicted ${a.target}: ${metric(a.output)}` : `probability of ${a.kind === 'text' ? 'class' : a.target} '${a.label}': ${metric(a.output)}`;
  const parts = [`${a.method} · ${what}`];
  if (a.baselineOutput !== null && a.baselineOutput !== undefined) {
    const from = a.kind === 'text' ? 'all-zero token embeddings' : a.baseline;
    parts.push(`at ${from}: ${metric(a.baselineOutput)}; the attributions add up to the difference (gap ${metric(a.completenessGap)})`);
  } else if (a.method === 'occlusion') {
    parts.push("a word's score is how much the probability drops without it");
  }
  showLocalMeta(`${parts.join(' · ')}.`);
  if (a.kind === 'text') {
    const limit = Math.max(...a.tokens.map((t) => Math.abs(t.attribution)), 1e-12);
    $('local-chart').replaceChildren(
      el('p', { class: 'tokens', 'data-chart': 'tokens' }, ...a.tokens.map((t) => {
        const share = Math.abs(t.attribution) / limit;
        const colour = t.attribution >= 0 ? `rgba(37, 99, 235, ${0.75 * share})` : `rgba(234, 88, 12, ${0.75 * share})`;
        return el('span', { class: 'token', style: `background: ${colour}`, title: signed(t.attribution), 'data-attribution': String(t.attribution) }, t.token);
      })),
    );
    return;
  }
  $('local-chart').replaceChildren(drawBars('local', a.columns.map((c) => ({ label: c.value === '' ? c.column : `${c.column} = ${c.value}`, value: c.attribution }))));
}

/** Horizontal bars from a shared zero line (negative to the left), each with its value; labels are text nodes. */
function drawBars(name, bars) {
  const row = 20;
  const shown = (label) => (label.length > 40 ? `${label.slice(0, 39)}…` : label);
  const labelWidth = Math.min(290, 16 + 7 * Math.max(...bars.map((b) => shown(b.label).length)));
  const plot = 320;
  const width = labelWidth + plot + 80;
  const height = bars.length * row + 10;
  const negative = bars.some((b) => b.value < 0);
  const limit = Math.max(...bars.map((b) => Math.abs(b.value) + (b.error ?? 0)), 1e-12);
  const zero = labelWidth + (negative ? plot / 2 : 0);
  const scale = (negative ? plot / 2 : plot) / limit;
  const chart = svg('svg', { class: 'bars', width, height, viewBox: `0 0 ${width} ${height}`, 'data-chart': name });
  const text = (x, y, content, attributes = {}) => {
    const node = svg('text', { x, y, ...attributes });
    node.textContent = content;
    chart.append(node);
  };
  bars.forEach((bar, i) => {
    const y = 5 + i * row;
    const length = Math.abs(bar.value) * scale;
    text(labelWidth - 6, y + 13, shown(bar.label), { 'text-anchor': 'end' });
    const rect = svg('rect', { class: `bar ${bar.value < 0 ? 'negative' : 'positive'}`, x: (bar.value < 0 ? zero - length : zero).toFixed(2), y: y + 3, width: length.toFixed(2), height: row - 6, 'data-label': bar.label, 'data-value': bar.value });
    const title = svg('title');
    title.textContent = `${bar.label}: ${signed(bar.value)}${bar.error ? ` ± ${metric(bar.error)}` : ''}`;
    rect.append(title);
    chart.append(rect);
    if (bar.error > 0) {
      const end = zero + bar.value * scale;
      chart.append(svg('line', { class: 'zero', x1: end - bar.error * scale, x2: end + bar.error * scale, y1: y + row / 2, y2: y + row / 2 }));
    }
    text(labelWidth + plot + 6, y + 13, signed(bar.value));
  });
  chart.append(svg('line', { class: 'zero', x1: zero, x2: zero, y1: 3, y2: height - 3 }));
  return chart;
}

// ---- two runs side by side ----------------------------------------------------------------------

async function showComparison() {
  const [a, b] = state.ticked;
  const c = await getJson(`/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  state.follow = false;
  $('follow').checked = false;
  state.openId = null;
  state.open = null;
  renderRuns();
  $('pick').hidden = true;
  $('run').hidden = true;
  $('comparison').hidden = false;
  $('comparison-title').textContent = `A: ${c.a.name} (${c.a.id}) · B: ${c.b.name} (${c.b.id})`;
  const sideTable = (table, rows) => {
    table.replaceChildren(
      el('tr', {}, el('th', {}, ''), el('th', {}, 'A'), el('th', {}, 'B')),
      ...rows.map((r) => el('tr', { class: r.differs ? 'differs' : '' }, el('td', {}, `${r.differs ? '* ' : ''}${r.key}`), el('td', {}, r.a === undefined ? '-' : value(r.a)), el('td', {}, r.b === undefined ? '-' : value(r.b)))),
    );
  };
  sideTable($('comparison-config'), c.config);
  sideTable($('comparison-environment'), c.environment);
  $('comparison-metrics').replaceChildren(
    el('tr', {}, el('th', {}, ''), el('th', {}, 'A'), el('th', {}, 'B'), el('th', {}, 'B − A')),
    ...c.metrics.map((m) => el('tr', {}, el('td', {}, m.name), el('td', { class: 'num' }, metric(m.a)), el('td', { class: 'num' }, metric(m.b)), el('td', { class: 'num' }, m.delta === null ? '-' : `${m.delta >= 0 ? '+' : ''}${metric(m.delta)}`))),
  );
}

// ---- curves -----------------------------------------------------------------------------------

function renderCharts() {
  const epochs = state.open.epochs;
  const names = [...new Set(epochs.flatMap((e) => Object.keys(e.metrics)))];
  const families = [...new Set(names.map((n) => n.replace(/^val_/, '')))];
  $('charts').replaceChildren(
    ...families.map((family) => {
      const series = [
        { name: family, kind: 'train', points: points(epochs, family) },
        { name: `val_${family}`, kind: 'val', points: points(epochs, `val_${family}`) },
      ].filter((s) => s.points.length > 0);
      return drawChart(family, series);
    }),
  );
}

function points(epochs, name) {
  return epochs.filter((e) => typeof e.metrics[name] === 'number').map((e) => [e.epoch + 1, e.metrics[name]]);
}

/** A line chart of series of [epoch, value] points, with the axes' ranges and a legend. */
function drawChart(title, series) {
  const [width, height] = [340, 210];
  const pad = { left: 52, right: 12, top: 26, bottom: 30 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1] = [Math.min(1, ...xs), Math.max(2, ...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) {
    // A flat series (a constant learning rate): a band around it, in proportion to its size.
    const pad = Math.abs(y0) * 0.1 || 0.5;
    [y0, y1] = [y0 - pad, y1 + pad];
  }
  const sx = (x) => pad.left + ((x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const sy = (y) => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const chart = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, 'data-metric': title, 'data-points': series[0]?.points.length ?? 0 });
  const text = (x, y, content, attributes = {}) => {
    const node = svg('text', { x, y, ...attributes });
    node.textContent = content;
    chart.append(node);
  };
  text(pad.left, 16, title, { class: 'title' });
  chart.append(svg('line', { class: 'axis', x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom }));
  chart.append(svg('line', { class: 'axis', x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom }));
  for (const y of [y0, (y0 + y1) / 2, y1]) text(pad.left - 4, sy(y) + 4, metric(y), { 'text-anchor': 'end' });
  text(pad.left, height - 10, String(x0));
  text(width - pad.right, height - 10, `epoch ${x1}`, { 'text-anchor': 'end' });
  let legendX = width - pad.right;
  for (const s of [...series].reverse()) {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    chart.append(svg('path', { class: s.kind, d, 'data-series': s.name }));
    if (s.points.length === 1) chart.append(svg('circle', { cx: sx(s.points[0][0]), cy: sy(s.points[0][1]), r: 3, fill: s.kind === 'train' ? '#2563eb' : '#ea580c' }));
    text(legendX, 16, s.kind === 'train' ? 'train' : 'validation', { 'text-anchor': 'end', fill: s.kind === 'train' ? '#2563eb' : '#ea580c' });
    legendX -= 70;
  }
  return chart;
}

// ---- live updates -----------------------------------------------------------------------------

/** Epoch records by epoch number, the later write (higher seq) winning. */
function mergeEpochs(a, b) {
  const byEpoch = new Map();
  for (const e of [...a, ...b]) if ((byEpoch.get(e.epoch)?.seq ?? -1) < e.seq) byEpoch.set(e.epoch, e);
  return [...byEpoch.values()].sort((x, y) => x.epoch - y.epoch);
}

function onEpoch(event) {
  countEvent();
  const data = JSON.parse(event.data);
  const record = { epoch: data.epoch, metrics: data.metrics, recordedAt: data.recordedAt, seq: data.seq };
  if (!state.live.has(data.runId)) state.live.set(data.runId, new Map());
  state.live.get(data.runId).set(data.epoch, record);
  const run = state.runs.get(data.runId);
  if (run !== undefined) {
    run.epochCount = Math.max(run.epochCount, data.epoch + 1);
    renderRuns();
  }
  if (state.open === null || state.open.id !== data.runId) return;
  state.open.epochs = mergeEpochs(state.open.epochs, [record]);
  renderCharts();
}

function onRun(event) {
  countEvent();
  const run = JSON.parse(event.data);
  // A finished run's epochs are all in the store now; keep live buffers only for running ones.
  if (run.status !== 'running') state.live.delete(run.id);
  const isNew = upsertRun(run);
  renderRuns();
  if (isNew && state.follow) openRun(run.id);
  else if (run.id === state.openId) openRun(run.id);
}

function countEvent() {
  state.events += 1;
  document.body.dataset.sseEvents = String(state.events);
}

function connect() {
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    $('live').textContent = 'live';
    $('live').className = 'live on';
    // Whatever happened while disconnected is in the store: read it again.
    loadRuns().catch(showError);
  });
  events.addEventListener('error', () => {
    $('live').textContent = 'reconnecting…';
    $('live').className = 'live off';
  });
  events.addEventListener('epoch', onEpoch);
  events.addEventListener('run', onRun);
}

function showError(error) {
  $('runs-dir').textContent = `error: ${error.message}`;
}

$('compare-button').addEventListener('click', () => showComparison().catch(showError));
$('explain-form').addEventListener('submit', explainOne);
$('follow').addEventListener('change', (event) => {
  state.follow = event.target.checked;
  if (state.follow && state.order.length > 0) openRun(state.order[0]);
});
connect();
