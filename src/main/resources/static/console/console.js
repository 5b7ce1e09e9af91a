'use strict';
// The console's shell: sign-in with an API key, the header, and routing between pages by the URL's hash.
const Console = (() => {
  const main = document.getElementById('main');
  let leaving = [];

  /** An element: h('a', {href: '#/jobs'}, 'Jobs'). Attributes starting with "on" are listeners. */
  function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else if (name === 'dataset') Object.assign(element.dataset, value);
      else element.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return element;
  }

  /** Runs when the page is left: streams closed, timers stopped, charts destroyed. */
  function onLeave(action) {
    leaving.push(action);
  }

  function status(value) {
    return h('span', {class: 'status ' + value}, value);
  }

  function number(value, digits = 4) {
    return value === null || value === undefined ? '–' : Number(value).toPrecision(digits);
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : '–';
  }

  function show(title, ...content) {
    document.title = title + ' · Anneal';
    main.replaceChildren(h('h1', {}, title), ...content);
  }

  function alertBox(message) {
    return h('div', {class: 'alert', role: 'alert'}, message);
  }

  function signIn(reason) {
    Api.setKey(null);
    document.getElementById('who').textContent = '';
    document.getElementById('sign-out').hidden = true;
    const input = h('input', {id: 'api-key', type: 'password', autocomplete: 'off', required: true,
      'aria-describedby': 'key-help'});
    const error = h('div', {class: 'field-error', id: 'key-error', role: 'alert'}, reason || '');
    const form = h('form', {class: 'card', onsubmit: async event => {
      event.preventDefault();
      Api.setKey(input.value.trim());
      try {
        await whoAmI();
        route();
      } catch (refused) {
        Api.setKey(null);
        error.textContent = refused.message;
      }
    }},
    h('div', {class: 'field'}, h('label', {for: 'api-key'}, 'API key'), input,
      h('span', {class: 'note', id: 'key-help'}, 'Kept for this tab only. An admin makes keys with ',
        h('code', {}, 'POST /api/v1/tenants/{id}/keys'), '; the first one is printed in the service log.')),
    error, h('button', {type: 'submit'}, 'Sign in'));
    show('Sign in', form);
    input.focus();
  }

  async function whoAmI() {
    const me = await Api.request('/api/v1/me');
    document.getElementById('who').textContent = me.tenant + ' · ' + me.key.role + ' · ' + me.key.name;
    document.getElementById('sign-out').hidden = false;
    return me;
  }

  async function route() {
    leaving.forEach(action => action());
    leaving = [];
    if (!Api.key()) {
      signIn();
      return;
    }
    const hash = location.hash || '#/jobs';
    for (const link of document.querySelectorAll('header nav a')) {
      const target = link.getAttribute('href');
      if (hash === target || hash.startsWith(target + '/')) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    const [, section, id] = hash.split('/');
    try {
      if (section === 'jobs' && id) await Jobs.detail(decodeURIComponent(id));
      else if (section === 'submit') await Jobs.submitForm();
      else if (section === 'experiments' && id) await Experiments.detail(decodeURIComponent(id));
      else if (section === 'experiments') await Experiments.list();
      else await Jobs.list();
      main.focus({preventScroll: true});
    } catch (error) {
      if (error.status !== 401) show('Something went wrong', alertBox(error.message));
    }
  }

  window.addEventListener('hashchange', route);
  window.addEventListener('anneal:unauthenticated', event => signIn(event.detail));
  document.getElementById('sign-out').addEventListener('click', () => signIn('Signed out.'));
  window.addEventListener('DOMContentLoaded', async () => {
    if (Api.key()) {
      try {
        await whoAmI();
      } catch (refused) {
        return;
      }
    }
    route();
  });

  return {h, onLeave, status, number, when, show, alertBox, route};
})();
