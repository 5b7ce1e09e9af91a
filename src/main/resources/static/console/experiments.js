'use strict';
// Experiments: the list, and one experiment's table (best / mean / std per cell, failed runs by reason)
// with every run's curve of one metric overlaid, coloured by cell.
const Experiments = (() => {
  const {h, onLeave, status, number, when, show} = Console;
  const METRICS = ['loss', 'testAccuracy', 'trainLoss', 'sigma'];

  async function list() {
    const page = await Api.request('/api/v1/experiments?limit=100');
    const rows = page.experiments.map(e => h('tr', {dataset: {id: e.id}},
      h('td', {}, h('a', {href: '#/experiments/' + e.id}, e.name)), h('td', {}, status(e.status)),
      h('td', {class: 'num'}, e.runs.succeeded + ' / ' + e.runs.total), h('td', {class: 'num'}, failed(e.runs)),
      h('td', {class: 'hide-narrow'}, when(e.createdAt))));
    show('Experiments', h('p', {class: 'note'}, 'Grids of specs x seeds; run one with ',
      h('code', {}, 'POST /api/v1/experiments'), ' or a preset (README, "Experiments").'),
    h('div', {class: 'table-wrap'}, h('table', {id: 'experiments'}, h('thead', {}, h('tr', {},
      h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {class: 'num'}, 'Succeeded'), h('th', {class: 'num'}, 'Failed'),
      h('th', {class: 'hide-narrow'}, 'Created'))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 5, class: 'note'}, 'No experiments yet.'))))));
  }

  function failed(runs) {
    const reasons = Object.entries(runs.failed || {});
    return reasons.length ? reasons.map(([reason, count]) => count + ' ' + reason).join(', ') : '0';
  }

  function params(cell) {
    return Object.entries(cell.params).map(([path, value]) => path + ' = ' + JSON.stringify(value)).join(', ') || 'base spec';
  }

  async function detail(id) {
    let experiment = await Api.request('/api/v1/experiments/' + id);
    const header = h('div', {class: 'toolbar'});
    const table = h('div', {class: 'table-wrap'});
    const chooser = h('select', {id: 'overlay-metric', 'aria-label': 'Metric to overlay'},
      METRICS.map(m => h('option', {value: m, selected: m === (experiment.metric === 'trainLoss' ? 'trainLoss' : 'loss')}, m)));
    const chart = h('div', {class: 'chart', id: 'overlay'});
    const legend = h('div', {class: 'legend', id: 'overlay-legend'});
    show(experiment.name, header, h('h2', {}, 'Cells: ' + experiment.metric + ' at the end of each run'), table,
      h('h2', {}, 'Every run, coloured by cell'), h('div', {class: 'card'}, h('div', {class: 'toolbar'},
        h('label', {for: 'overlay-metric'}, 'Metric'), chooser), chart, legend));
    let overlay = null;
    const drawOverlay = async () => {
      const runs = await curves(experiment, chooser.value);
      if (overlay) overlay.close();
      chart.replaceChildren();
      overlay = Charts.overlay(chart, runs, {log: chooser.value === 'loss' || chooser.value === 'sigma'});
      legend.replaceChildren(...experiment.cells.map(cell => h('span', {style: '--swatch: ' + color(cell)},
        '#' + cell.index + ' ' + params(cell))));
    };
    const render = () => {
      header.replaceChildren(...[status(experiment.status), h('span', {}, experiment.runs.succeeded + ' of ' +
        experiment.runs.total + ' runs succeeded' + (experiment.runs.pending ? ', ' + experiment.runs.pending + ' to go' : '')),
      experiment.status === 'RUNNING' ? h('button', {type: 'button', class: 'danger', id: 'cancel-experiment',
        onclick: async () => { experiment = await Api.request('/api/v1/experiments/' + id + '/cancel', {method: 'POST'}); render(); }},
      'Cancel') : null].filter(Boolean));
      renderTable(table, experiment);
    };
    chooser.addEventListener('change', drawOverlay);
    onLeave(() => overlay && overlay.close());
    render();
    await drawOverlay();
    if (experiment.status === 'RUNNING') {
      const timer = setInterval(async () => {
        experiment = await Api.request('/api/v1/experiments/' + id);
        render();
        await drawOverlay();
        if (experiment.status !== 'RUNNING') clearInterval(timer);
      }, 4000);
      onLeave(() => clearInterval(timer));
    }
  }

  function color(cell) {
    return Charts.PALETTE[cell.index % Charts.PALETTE.length];
  }

  function renderTable(container, experiment) {
    const stats = cell => (cell.summary && cell.summary.finalValue) || {};
    container.replaceChildren(h('table', {id: 'cells'}, h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Parameters'),
      h('th', {class: 'num'}, 'Runs'), h('th', {class: 'num'}, 'Best'), h('th', {class: 'num'}, 'Mean'),
      h('th', {class: 'num'}, 'Std'), h('th', {class: 'num'}, 'Failed'))),
    h('tbody', {}, experiment.cells.map(cell => h('tr', {},
      h('td', {}, h('span', {style: 'color: ' + color(cell)}, '■ '), cell.index), h('td', {}, params(cell)),
      h('td', {class: 'num'}, cell.runs.succeeded + ' / ' + cell.runs.total),
      h('td', {class: 'num'}, number(stats(cell).best)), h('td', {class: 'num'}, number(stats(cell).mean)),
      h('td', {class: 'num'}, number(stats(cell).std)), h('td', {class: 'num'}, failed(cell.runs)))))));
  }

  /** Every run's curve of the metric, downsampled, fetched a few at a time. */
  async function curves(experiment, metric) {
    const jobs = experiment.cells.flatMap(cell => cell.jobIds.map(jobId => ({cell, jobId})));
    const runs = [];
    for (let i = 0; i < jobs.length; i += 6) {
      const batch = await Promise.all(jobs.slice(i, i + 6).map(async ({cell, jobId}) => {
        const curve = await Api.request('/api/v1/jobs/' + jobId + '/curves?metric=' + metric + '&maxPoints=300')
          .catch(() => ({points: []}));
        return {label: '#' + cell.index, color: color(cell), points: curve.points.filter(p => Number.isFinite(p.value)
          && (!(metric === 'loss' || metric === 'sigma') || p.value > 0))};
      }));
      runs.push(...batch);
    }
    return runs.filter(run => run.points.length);
  }

  return {list, detail};
})();
