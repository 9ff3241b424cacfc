// The NDXP console: reads the query API and the console's own feeds every few seconds and shows
// them. Read-only; every figure carries data-metric (and data-value, the plain number) for tests.
// One file of about 500 lines, in sections (helpers, the overview, alerts, an agency, the page),
// because the page is served as it is written: no build tool, no module loader.
'use strict';

const POLL_MS = 3000;
const TOP = 10;
const LOG = 10;
const STATUSES = [
  ['success', 'Success'], ['clientError', 'Client error'], ['providerError', 'Provider error'],
  ['timeout', 'Timeout'], ['rejected', 'Rejected'],
];
// The runbook section for each kind of alert the streams app raises (docker/prometheus/RUNBOOK.md).
const RUNBOOK = {
  SILENT_SYSTEM: 'NdxpConsumerSystemSilent',
  PROVIDER_ERROR_RATIO: 'NdxpProviderSystemErrorRatioHigh',
  VOLUME_ANOMALY: 'NdxpConsumerVolumeAnomaly',
};
const DAY_KINDS = {
  'working-day': 'working day', 'compensating-saturday': 'Saturday worked as a working day',
  saturday: 'Saturday', sunday: 'Sunday', holiday: 'public holiday', tet: 'Tết',
};

const state = {
  lang: localStorage.getItem('ndxp.lang') === 'vi' ? 'vi' : 'en',
  catalog: null,        // code -> agency, with its systems
  systems: new Map(),   // code -> system
  runbook: null,        // heading -> paragraphs
  date: null,           // the newest local day with counts
  last: null,           // {at, today, acked}: the previous poll, for rates
  chart: null,
  timer: null,
};

const $ = (id) => document.getElementById(id);
const integer = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
const decimal = new Intl.NumberFormat('en-US', {maximumFractionDigits: 1});

/** An element with attributes and children (strings become text: nothing is parsed as HTML). */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

/**
 * Makes {@code old} look like {@code fresh}, keeping the nodes that stay: a refresh must not take
 * the keyboard focus away, nor close a runbook section the reader opened.
 */
function morph(old, fresh) {
  if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) {
    old.replaceWith(fresh);
    return;
  }
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
    return;
  }
  for (const a of [...old.attributes]) {
    if (!fresh.hasAttribute(a.name) && !(a.name === 'open' && old.nodeName === 'DETAILS')) old.removeAttribute(a.name);
  }
  for (const a of [...fresh.attributes]) {
    if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
  }
  render(old, [...fresh.childNodes]);
}

/** Sets a container's children, position by position (see morph). */
function render(container, children) {
  const old = [...container.childNodes];
  children.forEach((c, i) => (i < old.length ? morph(old[i], c) : container.append(c)));
  for (let i = children.length; i < old.length; i++) old[i].remove();
}

function setFigure(name, value, text) {
  const e = document.querySelector(`[data-metric="${name}"]`);
  if (!e) return;
  if (e.hasAttribute('data-value')) e.setAttribute('data-value', value === null ? '' : String(value));
  e.textContent = text;
}

function percent(ratio) {
  return Number.isFinite(ratio) ? `${decimal.format(ratio * 100)} %` : '–';
}

function duration(seconds) {
  if (seconds < 60) return `${decimal.format(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.floor(seconds % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function nameOf(entry) {
  return entry ? (state.lang === 'vi' ? entry.nameVi : entry.nameEn) : '';
}

function agencyLink(code) {
  const a = state.catalog && state.catalog.get(code);
  return el('a', {href: `#/agency/${encodeURIComponent(code)}`, lang: state.lang, 'data-agency': code},
    a ? `${nameOf(a)} (${code})` : code);
}

async function getJson(url) {
  const r = await fetch(url, {headers: {Accept: 'application/json'}});
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const err = new Error(body.message || `${r.status} ${r.statusText}`);
    err.status = r.status;
    throw err;
  }
  return body;
}

function showProblem(message) {
  const p = $('problem');
  p.hidden = !message;
  p.textContent = message || '';
}

// ------------------------------------------------------------------------------ the overview

async function refreshOverview() {
  const agencies = await getJson('/api/v1/agencies');
  state.date = agencies.date;
  const date = agencies.date ? `?date=${agencies.date}` : '';
  const [overview, platform, alerts] = await Promise.all([
    getJson(`/console/api/overview${date}`),
    agencies.date ? getJson(`/api/v1/platform${date}`) : Promise.resolve({total: 0, minutes: []}),
    getJson(`/api/v1/alerts?limit=1${agencies.date ? `&since=${agencies.date}` : ''}`),
  ]);
  const records = alerts.page.count;
  const newest = agencies.date && records > 0
    ? await getJson(`/api/v1/alerts?since=${agencies.date}&offset=${Math.max(0, records - LOG)}&limit=${LOG}`)
    : {alerts: []};
  const today = agencies.agencies.reduce((sum, a) => sum + a.consumer, 0);
  showDay(overview.reference, agencies.date);
  showToday(today, overview, platform);
  showStatuses(platform.minutes);
  showFreshness(overview.freshness);
  showHygiene(overview.hygiene);
  showLoadgen(overview.loadgen, today);
  showAlerts($('alerts'), alerts.active);
  setFigure('alerts-active', alerts.active.length, `(${alerts.active.length})`);
  setFigure('alert-records-today', records, records > LOG ? `(the newest ${LOG} of ${integer.format(records)})` : `(${records})`);
  showAlertLog(newest.alerts.slice().reverse());
  showTop($('consumers'), agencies.agencies, 'consumer');
  showTop($('providers'), agencies.agencies, 'provider');
  showCurve(platform.minutes, overview.reference);
  state.last = {at: performance.now(), today, acked: overview.loadgen ? overview.loadgen.acked : null};
}

function showDay(reference, date) {
  $('day').textContent = date
    ? `${date}, a ${DAY_KINDS[reference.dayType] || reference.dayType}`
    : 'No counts yet: waiting for the first events.';
}

/** The reference day's transactions from local midnight to the end of the given minute of the day. */
function referenceUntil(reference, minuteOfDay) {
  const slot = Math.floor(minuteOfDay / 30);
  let share = 0;
  for (let i = 0; i < slot && i < reference.halfHourShares.length; i++) share += reference.halfHourShares[i];
  if (slot < reference.halfHourShares.length) share += reference.halfHourShares[slot] * ((minuteOfDay % 30) / 30);
  return reference.dayTotal * share;
}

function minuteOfDay(start) {
  // "2024-04-24T09:05:00+07:00": local time, as the API writes it.
  return Number(start.slice(11, 13)) * 60 + Number(start.slice(14, 16));
}

function rate(now, previous) {
  if (!state.last || previous === null || previous === undefined) return null;
  const seconds = (performance.now() - state.last.at) / 1000;
  return seconds > 0 ? Math.max(0, now - previous) / seconds : null;
}

function showToday(today, overview, platform) {
  setFigure('platform-today', today, integer.format(today));
  const minutes = platform.minutes;
  const reference = overview.reference;
  const until = minutes.length ? minuteOfDay(minutes[minutes.length - 1].start) + 1 : 0;
  const soFar = referenceUntil(reference, until);
  setFigure('reference-so-far', Math.round(soFar), integer.format(soFar));
  setFigure('reference-ratio', soFar > 0 ? today / soFar : null, soFar > 0 ? percent(today / soFar) : '–');
  setFigure('reference-day', reference.dayTotal, integer.format(reference.dayTotal));
  const r = rate(today, state.last && state.last.today);
  setFigure('platform-rate', r, r === null ? '–' : integer.format(r));
}

function showStatuses(minutes) {
  const sums = Object.fromEntries(STATUSES.map(([key]) => [key, 0]));
  let total = 0;
  for (const m of minutes) {
    for (const [key] of STATUSES) sums[key] += m.counts[key];
    total += m.counts.total;
  }
  render($('statuses'), STATUSES.map(([key, label]) => el('tr', {},
    el('th', {scope: 'row'}, label),
    el('td', {class: 'num', 'data-metric': `status-${key}`, 'data-value': sums[key]}, integer.format(sums[key])),
    el('td', {class: 'num'}, total ? percent(sums[key] / total) : '–'))));
  const failures = sums.providerError + sums.timeout;
  setFigure('failure-ratio', total ? failures / total : null, total ? percent(failures / total) : '–');
}

function showFreshness(freshness) {
  if (!freshness) {
    setFigure('freshness', null, 'no event yet');
    $('freshness-time').textContent = '';
    return;
  }
  setFigure('freshness', freshness.ageSeconds, duration(freshness.ageSeconds));
  // An accelerated simulation (the demo) or a replay of a past day sends events with past times.
  $('freshness-time').textContent = `Newest event time: ${freshness.newestEventTime}`
    + (freshness.ageSeconds > 3600 ? ' (a past time: a replay, or an accelerated simulation such as the demo).' : '');
}

function showHygiene(h) {
  setFigure('dead-letters', h.rejected, integer.format(h.rejected));
  setFigure('late-events', h.late, integer.format(h.late));
  setFigure('duplicate-events', h.duplicate, integer.format(h.duplicate));
  const rows = Object.entries(h.rejectedByReason).filter(([, n]) => n > 0)
    .map(([reason, n]) => el('tr', {},
      el('th', {scope: 'row'}, reason),
      el('td', {class: 'num', 'data-metric': 'dead-letters-reason', 'data-reason': reason, 'data-value': n}, integer.format(n))));
  render($('dead-letters'), rows.length ? rows : [el('tr', {}, el('td', {}, 'None.'))]);
}

function showLoadgen(loadgen, today) {
  $('loadgen').hidden = !loadgen;
  if (!loadgen) return;
  $('loadgen-source').textContent = loadgen.error ? `${loadgen.source} ${loadgen.error}.` : `Read from ${loadgen.source}.`;
  const achieved = rate(loadgen.acked, state.last && state.last.acked);
  const counted = rate(today, state.last && state.last.today);
  const target = loadgen.targetRate;
  setFigure('loadgen-target', target, target === null || target === undefined ? 'as fast as it can' : integer.format(target));
  setFigure('loadgen-achieved', achieved, achieved === null ? '–' : integer.format(achieved));
  setFigure('loadgen-failed', loadgen.failed, integer.format(loadgen.failed));
  setFigure('loadgen-counted', counted, counted === null ? '–' : integer.format(counted));
}

function showTop(tbody, agencies, role) {
  const top = agencies.filter((a) => a[role] > 0).sort((a, b) => b[role] - a[role] || a.code.localeCompare(b.code))
    .slice(0, TOP);
  render(tbody, top.length ? top.map((a) => el('tr', {},
    el('td', {}, agencyLink(a.code)),
    el('td', {class: 'num', 'data-metric': `agency-${role}-today`, 'data-agency': a.code, 'data-value': a[role]},
      integer.format(a[role])))) : [el('tr', {}, el('td', {colspan: 2}, 'Nothing counted yet.'))]);
}

function showCurve(minutes, reference) {
  const node = $('curve');
  if (typeof echarts === 'undefined') {
    node.textContent = 'The chart library did not load.';
    return;
  }
  if (!state.chart || state.chart.getDom() !== node) state.chart = echarts.init(node, null, {renderer: 'svg'});
  const narrow = node.clientWidth < 600;
  const label = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const actual = minutes.map((m) => [minuteOfDay(m.start), m.counts.total]);
  const ref = [];
  for (let m = 0; m < 1440; m += 10) ref.push([m, reference.dayTotal * reference.halfHourShares[Math.floor(m / 30)] / 30]);
  state.chart.setOption({
    animation: false,
    grid: {left: 56, right: 16, top: 36, bottom: 32},
    legend: {data: ['Today', 'Reference day'], right: 8},
    tooltip: {trigger: 'axis', valueFormatter: (v) => integer.format(v)},
    xAxis: {type: 'value', min: 0, max: 1440, interval: narrow ? 360 : 120, axisLabel: {formatter: label}},
    yAxis: {type: 'value', axisLabel: {formatter: (v) => integer.format(v)}},
    series: [
      {name: 'Today', type: 'line', showSymbol: false, data: actual, lineStyle: {width: 1}, areaStyle: {opacity: 0.2}},
      {name: 'Reference day', type: 'line', showSymbol: false, data: ref, lineStyle: {type: 'dashed'}},
    ],
  });
}

// --------------------------------------------------------------------------------- alerts

async function loadRunbook() {
  if (state.runbook) return state.runbook;
  const r = await fetch('/console/runbook.md');
  const text = await r.text();
  const sections = new Map();
  for (const part of text.split(/^## /m).slice(1)) {
    const heading = part.slice(0, part.indexOf('\n')).trim();
    sections.set(heading, part.slice(part.indexOf('\n') + 1).trim().split(/\n\s*\n/));
  }
  state.runbook = sections;
  return sections;
}

/** A paragraph of the runbook: **bold** and `code` kept as such, the rest as text. */
function paragraph(text) {
  const p = el('p');
  for (const piece of text.replace(/\s*\n\s*/g, ' ').split(/(\*\*[^*]+\*\*|`[^`]+`)/)) {
    if (piece.startsWith('**') && piece.endsWith('**') && piece.length > 4) p.append(el('strong', {}, piece.slice(2, -2)));
    else if (piece.startsWith('`') && piece.endsWith('`') && piece.length > 2) p.append(el('code', {}, piece.slice(1, -1)));
    else p.append(piece);
  }
  return p;
}

function showAlerts(list, active) {
  if (!active.length) {
    render(list, [el('li', {class: 'none'}, 'None.')]);
    return;
  }
  const runbook = state.runbook;
  render(list, active.map((a) => {
    const system = state.systems.get(a.subject);
    const section = RUNBOOK[a.type];
    const item = el('li', {'data-metric': 'alert', 'data-type': a.type, 'data-subject': a.subject},
      el('strong', {}, a.type), ' ', el('span', {lang: state.lang}, system ? `${nameOf(system)} (${a.subject})` : a.subject),
      a.agency ? el('span', {}, ' of ', agencyLink(a.agency)) : '',
      el('span', {class: 'note'}, ` since ${a.time}`), el('p', {}, a.message || ''));
    if (section && runbook && runbook.has(section)) {
      item.append(el('details', {}, el('summary', {}, `Runbook: ${section}`), ...runbook.get(section).map(paragraph)));
    }
    return item;
  }));
}

/** Today's raised and cleared records, newest first. */
function showAlertLog(records) {
  render($('alert-log'), records.length ? records.map((a) => el('tr', {'data-metric': 'alert-record', 'data-type': a.type,
    'data-subject': a.subject, 'data-state': a.state},
  el('td', {class: 'num'}, a.time.slice(11, 16)),
  el('td', {}, a.state.toLowerCase()),
  el('td', {}, a.type),
  el('td', {lang: state.lang}, state.systems.has(a.subject) ? `${nameOf(state.systems.get(a.subject))} (${a.subject})` : a.subject),
  el('td', {}, a.message || ''))) : [el('tr', {}, el('td', {colspan: 5}, 'None today.'))]);
}

// ----------------------------------------------------------------------------- an agency

async function refreshAgency(code) {
  const agency = state.catalog.get(code);
  if (!agency) {
    showProblem(`No agency ${code} in the catalog.`);
    return;
  }
  const day = await getJson(`/api/v1/agencies/${encodeURIComponent(code)}/daily`);
  const date = day.date;
  $('day').textContent = date;
  const providers = agency.systems.filter((s) => s.provider);
  const [alerts, flows, ...health] = await Promise.all([
    getJson('/api/v1/alerts?limit=1'),
    agencyFlows(code, date),
    ...providers.map((s) => getJson(`/api/v1/services/${encodeURIComponent(s.code)}/health?window=1d&date=${date}`)),
  ]);
  $('agency-name').textContent = nameOf(agency);
  $('agency-name').setAttribute('lang', state.lang);
  $('agency-code').textContent = `${code} · ${agency.kind.toLowerCase().replace(/_/g, ' ')} · ${date}`;
  setFigure('agency-consumer', day.consumer, integer.format(day.consumer));
  setFigure('agency-provider', day.provider, integer.format(day.provider));
  statusRows($('agency-consumer-statuses'), day.consumerByStatus, 'consumer');
  statusRows($('agency-provider-statuses'), day.providerByStatus, 'provider');
  showAlerts($('agency-alerts'), alerts.active.filter((a) => a.agency === code));
  showSystems(providers, health);
  showFlows($('flows-out'), flows.filter((f) => f.consumer === code), 'provider');
  showFlows($('flows-in'), flows.filter((f) => f.provider === code), 'consumer');
}

async function agencyFlows(code, date) {
  const flows = [];
  let path = `/api/v1/flows?date=${date}&agency=${encodeURIComponent(code)}&limit=1000`;
  while (path) {
    const page = await getJson(path);
    flows.push(...page.flows);
    path = page.page.next;
  }
  return flows;
}

function statusRows(tbody, counts, role) {
  render(tbody, STATUSES.map(([key, label]) => el('tr', {},
    el('th', {scope: 'row'}, label),
    el('td', {class: 'num', 'data-metric': `agency-${role}-${key}`, 'data-value': counts[key]}, integer.format(counts[key])))));
}

function showSystems(systems, health) {
  const rows = systems.map((s, i) => {
    const windows = health[i].windows;
    const t = windows.length ? windows[0].total : null;
    const n = (key) => (t ? t.byStatus[key] : 0);
    const ms = (q) => (t && t.latencyMs && t.latencyMs[q] !== null ? integer.format(t.latencyMs[q]) : '–');
    return el('tr', {},
      el('td', {lang: state.lang}, `${nameOf(s)} (${s.code})`),
      el('td', {class: 'num', 'data-metric': 'system-requests', 'data-system': s.code, 'data-value': t ? t.requests : 0},
        integer.format(t ? t.requests : 0)),
      el('td', {class: 'num'}, integer.format(n('PROVIDER_ERROR'))),
      el('td', {class: 'num'}, integer.format(n('TIMEOUT'))),
      el('td', {class: 'num'}, t ? percent(t.providerErrorRatio) : '–'),
      el('td', {class: 'num'}, ms('p50')),
      el('td', {class: 'num'}, ms('p99')));
  });
  render($('systems'), rows.length ? rows : [el('tr', {}, el('td', {colspan: 7}, 'This agency provides no service.'))]);
}

function showFlows(tbody, flows, other) {
  const rows = flows.sort((a, b) => b.counts.total - a.counts.total).slice(0, 20).map((f) => el('tr', {},
    el('td', {}, agencyLink(f[other])),
    el('td', {class: 'num', 'data-metric': `flow-${other}`, 'data-agency': f[other], 'data-value': f.counts.total},
      integer.format(f.counts.total))));
  render(tbody, rows.length ? rows : [el('tr', {}, el('td', {colspan: 2}, 'None today.'))]);
}

// --------------------------------------------------------------------------------- the page

function route() {
  const m = location.hash.match(/^#\/agency\/([^/]+)$/);
  return m ? {page: 'agency', code: decodeURIComponent(m[1])} : {page: 'overview'};
}

async function refresh() {
  clearTimeout(state.timer);
  const r = route();
  try {
    if (r.page === 'agency') await refreshAgency(r.code);
    else await refreshOverview();
    showProblem(null);
    $('updated').textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}`;
  } catch (e) {
    showProblem(e.status === 503
      ? `The platform is starting or rebalancing (${e.message}); trying again.`
      : `Cannot read the platform: ${e.message}`);
  }
  state.timer = setTimeout(refresh, POLL_MS);
}

function show() {
  const r = route();
  $('overview-page').hidden = r.page !== 'overview';
  $('agency-page').hidden = r.page !== 'agency';
  state.last = null;
  refresh();
}

function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem('ndxp.lang', lang);
  const button = $('lang');
  button.textContent = lang === 'vi' ? 'English' : 'Tiếng Việt';
  button.setAttribute('aria-pressed', String(lang === 'vi'));
  button.title = lang === 'vi' ? 'Show agency and system names in English' : 'Show agency and system names in Vietnamese';
}

async function loadCatalog() {
  try {
    const [catalog] = await Promise.all([getJson('/console/api/catalog'), loadRunbook()]);
    state.catalog = new Map(catalog.map((a) => [a.code, a]));
    for (const a of catalog) for (const s of a.systems) state.systems.set(s.code, s);
  } catch (e) {
    showProblem(`Cannot read the catalog: ${e.message}`);
    setTimeout(loadCatalog, POLL_MS);
    return;
  }
  show();
}

function start() {
  setLanguage(state.lang);
  $('lang').addEventListener('click', () => {
    setLanguage(state.lang === 'vi' ? 'en' : 'vi');
    refresh();
  });
  window.addEventListener('hashchange', () => {
    show();
    $('main').focus();
  });
  window.addEventListener('resize', () => state.chart && state.chart.resize());
  loadCatalog();
}

start();
