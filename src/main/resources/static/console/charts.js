'use strict';
// Curves drawn with uPlot: one chart per metric of a job, or every run of an experiment overlaid. Points
// are kept by step, so a point sent twice is drawn once and a rewritten step replaces the old value.
const Charts = (() => {
  const PALETTE = ['#2457c5', '#d1495b', '#00798c', '#edae49', '#6a4c93', '#30638e', '#8ac926', '#ff595e',
    '#1982c4', '#6d597a'];

  function width(element) {
    return Math.max(280, element.clientWidth - 4);
  }

  /** A live chart of one series: `add` points, `truncateAfter` a step, redrawn at most twice a second. */
  function series(container, label, options = {}) {
    const byStep = new Map();
    let dirty = false;
    const plot = new uPlot({
      width: width(container), height: 220,
      scales: {x: {time: false}, y: options.log ? {distr: 3} : {}},
      axes: [{label: 'step'}, {size: 60}],
      series: [{label: 'step'}, {label, stroke: options.color || PALETTE[0], width: 1.5, points: {show: false}}],
      cursor: {drag: {x: true, y: false}},
      hooks: {setScale: [(u, key) => { if (key === 'x' && options.onZoom) options.onZoom(u.scales.x.min, u.scales.x.max); }]}
    }, [[], []], container);
    const redraw = () => {
      if (!dirty) return;
      dirty = false;
      const steps = [...byStep.keys()].sort((a, b) => a - b);
      const values = steps.map(step => byStep.get(step));
      plot.setData([steps, values], !container.dataset.zoomed);
      container.dataset.points = String(steps.length);
    };
    const timer = setInterval(redraw, 500);
    const resize = () => plot.setSize({width: width(container), height: 220});
    window.addEventListener('resize', resize);
    return {
      add(points) {
        for (const point of points) {
          if (Number.isFinite(point.value) && (!options.log || point.value > 0)) byStep.set(point.step, point.value);
        }
        dirty = true;
      },
      truncateAfter(step) {
        for (const known of [...byStep.keys()]) if (known > step) byStep.delete(known);
        dirty = true;
      },
      flush: () => { dirty = true; redraw(); },
      close() {
        clearInterval(timer);
        window.removeEventListener('resize', resize);
        plot.destroy();
      }
    };
  }

  /** Runs overlaid: `runs` is [{label, color, points: [{step, value}]}]. */
  function overlay(container, runs, options = {}) {
    const tables = runs.map(run => [run.points.map(p => p.step), run.points.map(p => p.value)]);
    const data = tables.length ? uPlot.join(tables) : [[]];
    const plot = new uPlot({
      width: width(container), height: 320,
      scales: {x: {time: false}, y: options.log ? {distr: 3} : {}},
      axes: [{label: 'step'}, {size: 60}],
      legend: {show: false},
      series: [{label: 'step'}].concat(runs.map(run => ({label: run.label, stroke: run.color, width: 1.2,
        spanGaps: true, points: {show: false}})))
    }, data, container);
    container.dataset.series = String(runs.length);
    const resize = () => plot.setSize({width: width(container), height: 320});
    window.addEventListener('resize', resize);
    return {close() { window.removeEventListener('resize', resize); plot.destroy(); }};
  }

  return {PALETTE, series, overlay};
})();
