'use strict';
// The API as the console uses it: the key kept for this browser tab only, problem responses turned into
// errors that carry their fields, and server-sent event streams read with fetch (EventSource cannot send
// the Authorization header).
const Api = (() => {
  const KEY = 'anneal.key';

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem.detail || problem.title || ('HTTP ' + status));
      this.status = status;
      this.problem = problem;
    }
  }

  function key() {
    return sessionStorage.getItem(KEY);
  }

  function setKey(value) {
    if (value) {
      sessionStorage.setItem(KEY, value);
    } else {
      sessionStorage.removeItem(KEY);
    }
  }

  async function problemOf(response) {
    try {
      return await response.json();
    } catch (notJson) {
      return {title: response.statusText, detail: 'The service answered ' + response.status + '.'};
    }
  }

  async function request(path, options = {}) {
    const headers = Object.assign({Accept: 'application/json', Authorization: 'Bearer ' + key()}, options.headers);
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
    }
    const response = await fetch(path, {method: options.method || 'GET', headers, body, signal: options.signal});
    if (!response.ok && response.status !== 304) {
      const error = new ApiError(response.status, await problemOf(response));
      if (response.status === 401) {
        window.dispatchEvent(new CustomEvent('anneal:unauthenticated', {detail: error.message}));
      }
      throw error;
    }
    if (options.raw) {
      return response;
    }
    return response.status === 204 ? null : response.json();
  }

  const sleep = millis => new Promise(resolve => setTimeout(resolve, millis));

  function parseEvent(block) {
    const event = {id: null, name: 'message', data: ''};
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') event.id = value;
      else if (field === 'event') event.name = value;
      else if (field === 'data') event.data += (event.data ? '\n' : '') + value;
    }
    return event;
  }

  /**
   * Reads a server-sent event stream until an `end` event or `signal` aborts, reconnecting after a lost
   * connection with the last event id, as EventSource would. `onEvent` gets {id, name, data (parsed)}.
   */
  async function stream(path, onEvent, signal) {
    let lastId = null;
    while (!signal.aborted) {
      try {
        const headers = {Accept: 'text/event-stream', Authorization: 'Bearer ' + key()};
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        const response = await fetch(path, {headers, signal});
        if (!response.ok) {
          throw new ApiError(response.status, await problemOf(response));
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = parseEvent(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            if (event.id !== null) lastId = event.id;
            if (!event.data) continue;
            onEvent({id: event.id, name: event.name, data: JSON.parse(event.data)});
            if (event.name === 'end' || event.name === 'deleted') return;
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
          throw error;
        }
      }
      await sleep(2000);
    }
  }

  return {ApiError, key, setKey, request, stream, sleep};
})();
