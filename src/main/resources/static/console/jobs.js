'use strict';
// Jobs: the list, the submit form (fields or pasted JSON, with the server's errors on the fields) and one
// job live: charts fed by the job's event stream, its spec, attempts, model and a digit to predict.
const Jobs = (() => {
  const {h, onLeave, status, number, when, show, alertBox} = Console;
  const STATUSES = ['QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
  const ACTIVE = ['QUEUED', 'RUNNING', 'CANCELLING'];
  const METRICS = [
    {name: 'loss', title: 'Loss (minibatch, log scale)', log: true},
    {name: 'sigma', title: 'Noise sigma', log: true},
    {name: 'learningRate', title: 'Learning rate'},
    {name: 'testAccuracy', title: 'Test accuracy'}
  ];

  function progress(job) {
    const total = job.progress.totalSteps;
    return total ? h('span', {}, h('progress', {max: total, value: job.progress.step}), ' ',
      job.progress.step + ' / ' + total) : String(job.progress.step);
  }

  async function list() {
    const filter = new URLSearchParams(location.hash.split('?')[1] || '').get('status') || '';
    const select = h('select', {id: 'status-filter', 'aria-label': 'Status', onchange: event =>
      location.hash = '#/jobs' + (event.target.value ? '?status=' + event.target.value : '')},
    h('option', {value: ''}, 'All statuses'), STATUSES.map(s => h('option', {value: s, selected: s === filter}, s)));
    const body = h('tbody');
    const table = h('div', {class: 'table-wrap'}, h('table', {id: 'jobs'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Progress'),
        h('th', {class: 'num'}, 'Last loss'), h('th', {class: 'num'}, 'Test accuracy'),
        h('th', {class: 'hide-narrow'}, 'Created'))), body));
    show('Jobs', h('div', {class: 'toolbar'}, select, h('a', {href: '#/submit'}, 'Submit a job')), table);
    const refresh = async () => {
      const page = await Api.request('/api/v1/jobs?limit=100' + (filter ? '&status=' + filter : ''));
      body.replaceChildren(...page.jobs.map(job => h('tr', {dataset: {id: job.id}},
        h('td', {}, h('a', {href: '#/jobs/' + job.id}, job.name)), h('td', {}, status(job.status)),
        h('td', {}, progress(job)), h('td', {class: 'num'}, number(job.metrics.lastLoss)),
        h('td', {class: 'num'}, number(job.metrics.testAccuracy)), h('td', {class: 'hide-narrow'}, when(job.createdAt)))));
      if (!page.jobs.length) body.append(h('tr', {}, h('td', {colspan: 6, class: 'note'}, 'No jobs yet.')));
    };
    await refresh();
    const timer = setInterval(() => refresh().catch(() => {}), 3000);
    onLeave(() => clearInterval(timer));
  }

  // ---- submit ----

  const FIELDS = [
    ['name', 'Name', 'text', 'mlp on digits'],
    ['dataset', 'Dataset', 'dataset'],
    ['model.type', 'Network', ['mlp', 'cnn']],
    ['model.hiddenLayers', 'Hidden layers', 'number', 2],
    ['model.hiddenUnits', 'Units per layer', 'number', 100],
    ['model.activation', 'Activation', ['relu', 'tanh', 'leakyrelu', 'sigmoid']],
    ['model.init.type', 'Initialisation', ['he', 'xavier', 'normal', 'zero']],
    ['optimizer.type', 'Optimizer', ['sgd', 'nesterovs', 'adam', 'adagrad', 'rmsprop']],
    ['optimizer.learningRate', 'Learning rate', 'number', 0.05],
    ['gradientNoise.eta', 'Noise eta (empty: none)', 'number', 0.01],
    ['gradientNoise.gamma', 'Noise gamma', 'number', 0.55],
    ['training.epochs', 'Epochs', 'number', 2],
    ['training.maxSteps', 'Max steps (empty: all epochs)', 'number', ''],
    ['training.batchSize', 'Batch size', 'number', 32],
    ['training.seed', 'Seed', 'number', 1],
    ['priority', 'Priority', 'number', 0]
  ];

  function set(spec, path, value) {
    const parts = path.split('.');
    let target = spec;
    for (const part of parts.slice(0, -1)) target = target[part] = target[part] || {};
    target[parts[parts.length - 1]] = value;
  }

  function specOf(form) {
    const spec = {};
    for (const [path, , type] of FIELDS) {
      const input = form.elements[path];
      if (!input || input.value === '') continue;
      set(spec, path, type === 'number' ? Number(input.value) : input.value);
    }
    if (spec.gradientNoise && spec.gradientNoise.eta === undefined) delete spec.gradientNoise;
    return spec;
  }

  async function submitForm() {
    const datasets = await Api.request('/api/v1/datasets');
    const form = h('form', {id: 'submit-form', novalidate: true});
    const rows = h('div', {class: 'row'});
    for (const [path, label, type, initial] of FIELDS) {
      const id = 'f-' + path.replace(/\./g, '-');
      let input;
      if (type === 'dataset') {
        input = h('select', {id, name: path}, datasets.filter(d => d.available)
          .map(d => h('option', {value: d.name, selected: d.name === 'mnist-10k'}, d.name)));
      } else if (Array.isArray(type)) {
        input = h('select', {id, name: path}, type.map(option => h('option', {value: option}, option)));
      } else {
        input = h('input', {id, name: path, type: type === 'number' ? 'number' : 'text', step: 'any', value: initial});
      }
      input.setAttribute('aria-describedby', id + '-error');
      rows.append(h('div', {class: 'field'}, h('label', {for: id}, label), input,
        h('span', {class: 'field-error', id: id + '-error', dataset: {field: path}})));
    }
    const json = h('textarea', {id: 'spec-json', name: 'json', 'aria-label': 'Job spec as JSON', spellcheck: 'false'});
    const jsonPane = h('div', {hidden: true}, json);
    const errors = h('div', {id: 'submit-errors'});
    let mode = 'form';
    const tabs = h('div', {class: 'tabs', role: 'tablist'},
      h('button', {type: 'button', role: 'tab', 'aria-selected': 'true', id: 'tab-form', onclick: () => switchTo('form')}, 'Form'),
      h('button', {type: 'button', role: 'tab', 'aria-selected': 'false', id: 'tab-json', onclick: () => switchTo('json')}, 'JSON'));
    function switchTo(next) {
      if (next === 'json' && mode === 'form') json.value = JSON.stringify(specOf(form), null, 2);
      mode = next;
      rows.hidden = next !== 'form';
      jsonPane.hidden = next !== 'json';
      tabs.querySelector('#tab-form').setAttribute('aria-selected', String(next === 'form'));
      tabs.querySelector('#tab-json').setAttribute('aria-selected', String(next === 'json'));
    }
    form.append(tabs, rows, jsonPane, errors, h('button', {type: 'submit', id: 'submit-job'}, 'Submit'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      clearErrors(form, errors);
      try {
        const job = await Api.request('/api/v1/jobs', {method: 'POST',
          json: mode === 'json' ? json.value : specOf(form)});
        location.hash = '#/jobs/' + job.id;
      } catch (error) {
        showErrors(form, errors, error);
      }
    });
    show('Submit a job', h('p', {class: 'note'}, 'Fields left empty take the service\'s defaults; the JSON tab ' +
      'takes any spec (README, "The spec").'), h('div', {class: 'card'}, form));
  }

  function clearErrors(form, errors) {
    errors.replaceChildren();
    form.querySelectorAll('.field-error').forEach(span => span.textContent = '');
    form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
  }

  function showErrors(form, errors, error) {
    const fieldErrors = (error.problem && error.problem.errors) || [];
    const unplaced = [];
    for (const {field, message} of fieldErrors) {
      const span = form.querySelector('.field-error[data-field="' + CSS.escape(field) + '"]');
      if (span && !span.closest('[hidden]')) {
        span.textContent = message;
        form.elements[field].setAttribute('aria-invalid', 'true');
      } else {
        unplaced.push(field + ': ' + message);
      }
    }
    if (unplaced.length || !fieldErrors.length) {
      errors.append(alertBox(unplaced.length ? unplaced.join('; ') : error.message));
    }
    const first = form.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  // ---- one job ----

  async function detail(id) {
    const job = await Api.request('/api/v1/jobs/' + id);
    const header = h('div', {class: 'toolbar', id: 'job-header'});
    const facts = h('dl', {class: 'facts', id: 'job-facts'});
    const charts = h('div', {class: 'grid'});
    const controller = new AbortController();
    onLeave(() => controller.abort());
    const plots = {};
    for (const metric of METRICS) {
      if (metric.name === 'sigma' && !job.spec.gradientNoise) continue;
      const container = h('div', {class: 'chart', id: 'chart-' + metric.name, dataset: {points: '0'}});
      charts.append(h('div', {class: 'card'}, h('h3', {}, metric.title), container));
      plots[metric.name] = {container, metric};
    }
    const attempts = h('div', {class: 'table-wrap'});
    const digit = h('div');
    show(job.name, header, h('div', {class: 'card'}, facts), charts,
      h('h2', {}, 'Attempts'), attempts, digit, h('h2', {}, 'Spec'), h('pre', {id: 'job-spec'},
        JSON.stringify(job.spec, null, 2)));
    let current = job;
    const render = view => {
      current = Object.assign({}, current, view);
      renderHeader(header, current, controller);
      renderFacts(facts, current);
    };
    render(job);
    renderAttempts(attempts, job);
    for (const plot of Object.values(plots)) {
      plot.chart = Charts.series(plot.container, plot.metric.name, {log: plot.metric.log,
        onZoom: (min, max) => zoomed(id, plot, min, max)});
      onLeave(() => plot.chart.close());
    }
    let cursor = Infinity;
    await Promise.all(Object.values(plots).map(async plot => {
      const curve = await Api.request('/api/v1/jobs/' + id + '/curves?metric=' + plot.metric.name + '&maxPoints=1000');
      plot.chart.add(curve.points);
      plot.chart.flush();
      plot.total = curve.totalPoints;
      cursor = Math.min(cursor, curve.cursor);
    }));
    if (!ACTIVE.includes(job.status)) {
      await showDigitBox(digit, current);
      return;
    }
    const metrics = Object.keys(plots).join(',');
    let attempt = job.attempt;
    Api.stream('/api/v1/jobs/' + id + '/events?metric=' + metrics + '&after=' + (Number.isFinite(cursor) ? cursor : 0),
      event => {
        if (event.name === 'points') {
          const byMetric = {};
          for (const point of event.data.points) (byMetric[point.metric] = byMetric[point.metric] || []).push(point);
          for (const [metric, points] of Object.entries(byMetric)) if (plots[metric]) plots[metric].chart.add(points);
        } else if (event.name === 'status' || event.name === 'end') {
          if (event.data.attempt !== attempt && event.data.resumedFromStep !== undefined) {
            Object.values(plots).forEach(plot => plot.chart.truncateAfter(event.data.resumedFromStep));
          }
          attempt = event.data.attempt;
          render(event.data);
          if (event.name === 'end') finished(id, render, attempts, digit);
        }
      }, controller.signal).catch(error => header.append(alertBox('The live stream stopped: ' + error.message)));
  }

  async function finished(id, render, attempts, digit) {
    const job = await Api.request('/api/v1/jobs/' + id);
    render(job);
    renderAttempts(attempts, job);
    await showDigitBox(digit, job);
  }

  let zoomTimer = null;

  function zoomed(id, plot, min, max) {
    clearTimeout(zoomTimer);
    if (min === null || max === null) return;
    zoomTimer = setTimeout(async () => {
      const curve = await Api.request('/api/v1/jobs/' + id + '/curves?metric=' + plot.metric.name + '&maxPoints=1000'
        + '&fromStep=' + Math.max(0, Math.floor(min)) + '&toStep=' + Math.ceil(max));
      plot.container.dataset.zoomed = curve.totalPoints < plot.total ? '1' : '';
      plot.chart.add(curve.points);
    }, 400);
  }

  function renderHeader(header, job, controller) {
    const buttons = [];
    if (['QUEUED', 'RUNNING'].includes(job.status)) {
      buttons.push(h('button', {type: 'button', class: 'danger', id: 'cancel-job', onclick: async event => {
        event.target.disabled = true;
        render(await Api.request('/api/v1/jobs/' + job.id + '/cancel', {method: 'POST'}));
      }}, 'Cancel'));
    }
    if (job.model) {
      buttons.push(h('button', {type: 'button', class: 'secondary', id: 'download-model',
        onclick: () => download(job)}, 'Download model'));
    }
    header.replaceChildren(status(job.status), h('span', {}, progress(job)), ...buttons);
    function render(view) {
      renderHeader(header, Object.assign({}, job, view), controller);
    }
  }

  async function download(job) {
    const response = await Api.request('/api/v1/jobs/' + job.id + '/model', {raw: true});
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', {href: url, download: 'anneal-' + job.id + '.zip'});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function renderFacts(facts, job) {
    const rows = [['Id', job.id], ['Dataset', job.spec ? job.spec.dataset.name : '–'], ['Created', when(job.createdAt)],
      ['Started', when(job.startedAt)], ['Finished', when(job.finishedAt)], ['Attempt', job.attempt],
      ['Last loss', number(job.metrics.lastLoss)], ['Train loss', number(job.metrics.trainLoss)],
      ['Test accuracy', number(job.metrics.testAccuracy)]];
    if (job.checkpoint) rows.push(['Checkpoint', 'step ' + job.checkpoint.step + ', ' + when(job.checkpoint.savedAt)]);
    if (job.failure) rows.push(['Failure', job.failure.reason + (job.failure.step ? ' at step ' + job.failure.step : '')
      + ': ' + job.failure.message]);
    facts.replaceChildren(...rows.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));
  }

  function renderAttempts(container, job) {
    container.replaceChildren(h('table', {id: 'attempts'}, h('thead', {}, h('tr', {}, ['#', 'Replica', 'Engine',
      'Started', 'Resumed from', 'Ended', 'Outcome'].map(name => h('th', {}, name)))),
    h('tbody', {}, (job.attempts || []).map(a => h('tr', {}, h('td', {}, a.attempt), h('td', {}, a.replica),
      h('td', {}, a.engine ? a.engine + ' / ' + a.backend : '–'), h('td', {}, when(a.startedAt)),
      h('td', {}, a.resumedFromStep === undefined ? '–' : a.resumedFromStep), h('td', {}, when(a.endedAt)),
      h('td', {}, a.outcome ? a.outcome + (a.failure ? ': ' + a.failure.reason : '') : 'running'))))));
  }

  // ---- a digit to predict ----

  async function showDigitBox(container, job) {
    if (!job.model || !job.spec) return;
    const dataset = await Api.request('/api/v1/datasets/' + encodeURIComponent(job.spec.dataset.name)).catch(() => null);
    if (!dataset || JSON.stringify(dataset.shape) !== '[28,28,1]') return;
    const canvas = h('canvas', {width: 196, height: 196, id: 'digit-canvas', tabindex: 0,
      'aria-label': 'Draw a digit with the mouse, a finger or a pen'});
    const context = canvas.getContext('2d');
    const clear = () => { context.fillStyle = '#000'; context.fillRect(0, 0, 196, 196); };
    clear();
    let drawing = false;
    const at = event => {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * 196 / box.width, (event.clientY - box.top) * 196 / box.height];
    };
    canvas.addEventListener('pointerdown', event => {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      context.beginPath();
      context.moveTo(...at(event));
    });
    canvas.addEventListener('pointermove', event => {
      if (!drawing) return;
      context.strokeStyle = '#fff';
      context.lineWidth = 16;
      context.lineCap = 'round';
      context.lineTo(...at(event));
      context.stroke();
    });
    canvas.addEventListener('pointerup', () => { drawing = false; });
    const result = h('div', {id: 'prediction', 'aria-live': 'polite'});
    const upload = h('input', {type: 'file', accept: 'image/png', id: 'digit-file', 'aria-label': 'Upload a digit image',
      onchange: async event => {
        const file = event.target.files[0];
        if (!file) return;
        const image = await createImageBitmap(file);
        clear();
        context.drawImage(image, 0, 0, 196, 196);
      }});
    const predict = h('button', {type: 'button', id: 'predict', onclick: async () => {
      const small = h('canvas', {width: 28, height: 28});
      const smallContext = small.getContext('2d');
      smallContext.imageSmoothingQuality = 'high';
      smallContext.drawImage(canvas, 0, 0, 28, 28);
      const png = small.toDataURL('image/png').split(',')[1];
      try {
        const answer = await Api.request('/api/v1/jobs/' + job.id + '/predictions', {method: 'POST',
          json: {images: [png]}});
        const predicted = answer.predictions[0];
        result.replaceChildren(h('p', {}, 'Predicted: ', h('strong', {}, dataset.labels ? dataset.labels[predicted.label]
          || predicted.label : predicted.label)),
        h('p', {class: 'note'}, predicted.probabilities.map((p, i) => i + ': ' + (100 * p).toFixed(1) + '%').join('  ')));
      } catch (error) {
        result.replaceChildren(alertBox(error.message));
      }
    }}, 'Predict');
    container.replaceChildren(h('h2', {}, 'Try the model'), h('div', {class: 'card digit'}, canvas,
      h('div', {}, h('div', {class: 'toolbar'}, predict, h('button', {type: 'button', class: 'secondary',
        onclick: () => { clear(); result.replaceChildren(); }}, 'Clear')), upload, result)));
  }

  return {list, submitForm, detail};
})();
