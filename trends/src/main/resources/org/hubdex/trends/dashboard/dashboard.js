// The trends dashboard: reads the HTTP API of any instance (it routes to the others) and draws with ECharts.
// ?refresh=N sets the refresh period in seconds (0: draw once); ?window= and ?dimension= preselect.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const refreshSeconds = Number(params.get('refresh') ?? 5);
  const charts = {
    counts: echarts.init(document.getElementById('chart-counts'), null, { renderer: 'svg' }),
    growth: echarts.init(document.getElementById('chart-growth'), null, { renderer: 'svg' }),
    share: echarts.init(document.getElementById('chart-share'), null, { renderer: 'svg' }),
  };
  const windowSelect = document.getElementById('window');
  const dimensionSelect = document.getElementById('dimension');
  let status = null;

  async function get(path) {
    const response = await fetch(path, { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status + ': ' + (await response.text()));
    }
    return response.json();
  }

  function fill(select, options, preferred) {
    if (select.options.length === options.length) return;
    select.innerHTML = '';
    for (const o of options) select.add(new Option(o, o, false, o === preferred));
  }

  function range(windowName) {
    const sizeMs = windowMs(windowName);
    const newest = status.clock.newest ?? Date.now();
    const oldest = status.clock.oldest ?? newest;
    const to = Math.floor(newest / sizeMs) * sizeMs;
    // the last 48 windows, or fewer when the data is younger (one empty window before the first)
    return { from: Math.max(to - 47 * sizeMs, (Math.floor(oldest / sizeMs) - 1) * sizeMs), to: to };
  }

  function windowMs(name) {
    const m = /^(\d+)(ms|s|m|h|d)/.exec(name);
    const unit = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2]];
    return Number(m[1]) * unit;
  }

  // one point per window start in the range: a window without models is a 0, not a gap to draw across
  function lineSeries(answer, from, to, stepMs) {
    return answer.series.map(s => {
      const byStart = new Map(s.points.map(p => [p.start, p.count]));
      const data = [];
      for (let t = from; t <= to; t += stepMs) data.push([t, byStart.get(t) || 0]);
      return { name: s.value, type: 'line', showSymbol: false, data: data };
    });
  }

  async function draw() {
    status = await get('/api/status');
    fill(windowSelect, status.windows, params.get('window') || status.windows[0]);
    fill(dimensionSelect, status.dimensions.filter(d => d !== 'activity'), params.get('dimension') || 'tree');
    const win = windowSelect.value;
    const dim = dimensionSelect.value;
    const { from, to } = range(win);
    const q = 'window=' + encodeURIComponent(win) + '&from=' + from + '&to=' + to;
    const [counts, growth, docs, alerts] = await Promise.all([
      get('/api/trends?dimension=' + dim + '&top=8&' + q),
      get('/api/trends?dimension=tree&rank=growth&top=10&' + q),
      get('/api/trends?dimension=documentation&top=2&' + q),
      get('/api/alerts?limit=20'),
    ]);
    document.getElementById('dimension-name').textContent = dim;
    document.getElementById('status').textContent = status.state + ' · ' + status.instances.length + ' instance(s) · '
      + (status.metrics.hubdex_trends_events_new_total ?? 0) + ' new models, '
      + (status.metrics.hubdex_trends_events_update_total ?? 0) + ' updates counted here · newest event '
      + (status.clock.newest ? new Date(status.clock.newest).toISOString() : 'none');

    charts.counts.setOption({
      tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { top: 40, left: 40, right: 20, bottom: 30 },
      xAxis: { type: 'time', min: from, max: to + windowMs(win) }, yAxis: { type: 'value', minInterval: 1 },
      series: lineSeries(counts, from, to, windowMs(win.includes('-every-') ? win.split('-every-')[1] : win)),
    }, true);

    const grow = growth.series.slice().reverse();
    charts.growth.setOption({
      tooltip: {}, legend: { top: 0 }, grid: { top: 30, left: 160, right: 20, bottom: 30 },
      xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: grow.map(s => s.value) },
      series: [
        { name: 'growth', type: 'bar', data: grow.map(s => s.growth) },
        { name: 'total', type: 'bar', data: grow.map(s => s.total) },
      ],
    }, true);

    const byValue = Object.fromEntries(docs.series.map(s => [s.value, new Map(s.points.map(p => [p.start, p.count]))]));
    const starts = [...new Set(docs.series.flatMap(s => s.points.map(p => p.start)))].sort((a, b) => a - b);
    const undoc = byValue.undocumented || new Map();
    const doc = byValue.documented || new Map();
    charts.share.setOption({
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 30, left: 40, right: 40, bottom: 30 },
      xAxis: { type: 'time', min: from, max: to + windowMs(win) },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
      series: [
        { name: 'undocumented', type: 'bar', stack: 'n', data: starts.map(t => [t, undoc.get(t) || 0]) },
        { name: 'documented', type: 'bar', stack: 'n', data: starts.map(t => [t, doc.get(t) || 0]) },
        { name: 'undocumented share', type: 'line', yAxisIndex: 1,
          data: starts.map(t => [t, Math.round(1000 * (undoc.get(t) || 0) / ((undoc.get(t) || 0) + (doc.get(t) || 0))) / 10]) },
      ],
    }, true);

    const body = document.querySelector('#alerts tbody');
    body.innerHTML = '';
    for (const a of alerts.alerts) {
      const row = body.insertRow();
      for (const cell of [new Date(a.windowStart).toISOString() + ' (' + Math.round(a.windowSizeMs / 36e5) + 'h)', a.dimension, a.value,
        a.count, a.baseline == null ? '-' : a.baseline.toFixed(2), a.factor == null ? 'new' : a.factor.toFixed(1) + 'x']) {
        row.insertCell().textContent = cell;
      }
    }
    if (alerts.alerts.length === 0) body.innerHTML = '<tr><td colspan="6">none yet</td></tr>';

    const names = chart => chart.getOption().series.map(s => s.name + ':' + (s.data || []).length);
    document.getElementById('render-report').textContent = JSON.stringify({
      window: win, dimension: dim, counts: names(charts.counts), growth: growth.series.map(s => s.value),
      share: names(charts.share), alerts: alerts.alerts.length,
      svgPaths: document.querySelectorAll('.chart svg path').length,
    });
    document.body.dataset.rendered = 'true';
  }

  async function loop() {
    try {
      await draw();
    } catch (e) {
      document.getElementById('status').textContent = 'error: ' + e.message;
      document.getElementById('render-report').textContent = JSON.stringify({ error: e.message });
    }
    if (refreshSeconds > 0) setTimeout(loop, refreshSeconds * 1000);
  }
  windowSelect.addEventListener('change', draw);
  dimensionSelect.addEventListener('change', draw);
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
  loop();
})();
