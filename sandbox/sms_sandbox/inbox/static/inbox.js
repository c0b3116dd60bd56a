// The sandbox inbox: polls /ui/api/state and keeps the page in step with it.
//
// Every string from the sandbox goes into the page as a text node (el() below, textContent), never as
// markup: an SMS that says <script> is shown as those characters. State-changing requests are JSON POSTs
// carrying the token the state answer gave us (see sms_sandbox/inbox/guard.py).
'use strict';

(() => {
  const POLL_MS = 400;
  const $ = (id) => document.getElementById(id);
  const ATTRIBUTES = new Set(['id', 'for', 'type', 'name', 'role', 'placeholder', 'autocomplete', 'maxlength',
    'rows', 'value', 'title', 'datetime', 'inputmode', 'scope', 'tabindex']);

  /** A new element: props are attributes (`class`, data-*, aria-* and a few known ones) or `text`; children
   * are nodes or strings (strings become text nodes). */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else if (key === 'required' || key === 'hidden') node[key] = Boolean(value);
      else if (ATTRIBUTES.has(key) || key.startsWith('data-') || key.startsWith('aria-')) {
        node.setAttribute(key, String(value));
      } else throw new Error(`el(): unexpected property ${key}`);
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  // "2025-01-01T12:00:00.000+0000" -> "2025-01-01 12:00:00.000"
  const shortTime = (stamp) => (stamp ? stamp.replace('T', ' ').replace(/\+0000$/, '') : '');
  const timeEl = (stamp) => el('time', { datetime: stamp ? stamp.replace(/\+0000$/, 'Z') : undefined },
    shortTime(stamp));
  const money = (price) => `${Number(price.amount).toFixed(2)} ${price.currency}`;
  const badge = (status) => el('span', { class: 'status', 'data-group': status.groupName,
    title: status.description }, status.name);

  let csrfToken = null;
  let query = '';
  let pollTimer = null;
  let polling = false;
  const cards = new Map();
  const lastShown = { received: '', lookups: '' };

  function notice(text, isError = false) {
    const node = $('notice');
    node.textContent = text;
    node.classList.toggle('error', isError);
    node.dataset.source = '';
  }

  async function post(path, body) {
    if (csrfToken === null) throw new Error('the page has not loaded its state yet');
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Sandbox-CSRF': csrfToken },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const text = answer?.requestError?.serviceException?.text ?? `HTTP ${response.status}`;
      throw new Error(text);
    }
    return answer;
  }

  // ---- sent messages ------------------------------------------------------------------------------------

  function handset(message) {
    if (message.encoding === 'binary') {
      return el('div', { class: 'phone' },
        el('p', { class: 'bubble' }, 'Binary content (not shown by a handset as text)'),
        el('span', { class: 'encoding' }, `binary · ${message.smsCount} part(s)`));
    }
    const count = message.parts.length;
    const bubble = el('div', { class: 'bubble', 'aria-label': `Text as the handset shows it, ${count} part(s)` },
      message.parts.map((part, index) => el('span', { class: 'part', 'data-part': index + 1 },
        count > 1 ? el('span', { class: 'part-label' }, `part ${index + 1} of ${count}`) : null,
        part)));
    return el('div', { class: 'phone' }, bubble,
      el('span', { class: 'encoding', 'data-encoding': message.encoding },
        `${message.encoding} · ${count} part${count === 1 ? '' : 's'} · ${[...message.text].length} characters`));
  }

  function replyForm(message) {
    const text = el('textarea', { name: 'text', rows: 2, required: true, maxlength: 4000 });
    const to = el('input', { name: 'to', value: message.from ?? '', required: true, autocomplete: 'off' });
    const button = el('button', { type: 'submit' }, 'Send reply');
    const form = el('form', { class: 'reply-form', 'aria-label': `Reply from ${message.to}` },
      el('p', { class: 'sub' }, `From the phone ${message.to}`),
      el('label', {}, 'To (your number or sender)', to),
      el('label', {}, 'Text', text),
      button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        const report = await post('/ui/api/reply', { from: message.to, to: to.value, text: text.value });
        text.value = '';
        notice(`Reply from ${report.from} received by the sandbox${report.keyword ? ` (keyword ${report.keyword})` : ''}`);
        poll();
      } catch (error) {
        notice(`Reply not sent: ${error.message}`, true);
      } finally {
        button.disabled = false;
      }
    });
    return el('details', { class: 'reply' }, el('summary', {}, 'Reply as the phone'), form);
  }

  function facts(message) {
    const rows = [
      ['Message ID', el('code', {}, message.messageId)],
      ['Bulk ID', message.bulkId ? el('code', {}, message.bulkId) : '—'],
      ['smsCount', String(message.smsCount)],
      ['Price', money(message.price)],
      ['Error', message.error ? `${message.error.name} (${message.error.groupName}${message.error.permanent ? ', permanent' : ''})` : 'not final yet'],
      ['Network', message.mccMnc ?? '—'],
      ['callbackData', message.callbackData ?? '—'],
      ['notifyUrl', message.notifyUrl ? el('code', {}, message.notifyUrl) : '—'],
    ];
    return el('dl', { class: 'facts' }, rows.map(([name, value]) => [el('dt', {}, name),
      el('dd', { 'data-fact': name }, value)]));
  }

  function dynamicPart(message) {
    const history = el('ol', { class: 'history', 'aria-label': 'Status history' },
      message.history.map((step) => el('li', { 'data-status': step.status.name }, timeEl(step.at), badge(step.status),
        ` ${step.status.description}`)));
    const callbacks = message.notifyUrl === null ? null : [
      el('h4', { class: 'sub' }, `Callbacks (${message.callbacks.length})`),
      message.callbacks.length === 0
        ? el('p', { class: 'empty' }, message.final ? 'none made yet' : 'made when the status is final')
        : el('ol', { class: 'callbacks' }, message.callbacks.map((attempt) => el('li', {},
          timeEl(attempt.at), `POST ${attempt.url}: `, el('strong', {}, attempt.outcome)))),
    ];
    return [facts(message), el('h4', { class: 'sub' }, 'Status history'), history, callbacks];
  }

  function buildCard(message) {
    const status = el('span', { class: 'status-slot' });
    const dynamic = el('div', { class: 'dynamic' });
    const heading = el('h3', {}, `To ${message.to}`);
    const node = el('li', { class: 'card', 'data-message-id': message.messageId },
      el('header', {}, heading, el('span', {}, `from ${message.from ?? '(no sender)'}`), status,
        el('span', { class: 'when' }, timeEl(message.history[0]?.at))),
      handset(message), dynamic, replyForm(message));
    return { node, status, dynamic, shown: '' };
  }

  function updateCard(card, message) {
    const key = JSON.stringify([message.status, message.history, message.error, message.callbacks]);
    if (key === card.shown) return;
    card.shown = key;
    card.node.dataset.statusGroup = message.status.groupName;
    card.node.dataset.statusName = message.status.name;
    card.status.replaceChildren(badge(message.status));
    card.dynamic.replaceChildren(...dynamicPart(message).flat(Infinity).filter(Boolean));
  }

  function renderMessages(messages) {
    const list = $('messages');
    const wanted = new Set(messages.map((m) => m.messageId));
    for (const [id, card] of cards) {
      if (!wanted.has(id)) {
        card.node.remove();
        cards.delete(id);
      }
    }
    let previous = null;
    for (const message of messages) {
      let card = cards.get(message.messageId);
      if (card === undefined) {
        card = buildCard(message);
        cards.set(message.messageId, card);
      }
      updateCard(card, message);
      const expected = previous === null ? list.firstChild : previous.nextSibling;
      if (expected !== card.node) list.insertBefore(card.node, expected);
      previous = card.node;
    }
    $('messages-empty').hidden = messages.length > 0;
    $('sent-count').textContent = `(${messages.length}${messages.length >= 200 ? '+' : ''})`;
  }

  // ---- received messages, Number Context ----------------------------------------------------------------

  function renderReceived(received) {
    const key = JSON.stringify(received);
    if (key === lastShown.received) return;
    lastShown.received = key;
    $('received-list').replaceChildren(...received.map((m) => el('li', { 'data-message-id': m.messageId },
      el('header', {}, el('strong', {}, `From ${m.from}`), ` to ${m.to} `, timeEl(m.receivedAt)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Keyword'), el('dd', { 'data-fact': 'keyword' },
          m.keyword ? el('span', { class: 'status keyword' }, m.keyword) : 'none'),
        el('dt', {}, 'Clean text'), el('dd', { class: 'text', 'data-fact': 'cleanText' }, m.cleanText),
        el('dt', {}, 'Text'), el('dd', { class: 'text', 'data-fact': 'text' }, m.text),
        el('dt', {}, 'smsCount'), el('dd', {}, String(m.smsCount)),
        el('dt', {}, 'Read'), el('dd', { 'data-fact': 'pulled' },
          m.pulled ? 'returned by get-received-sms' : 'not yet returned by get-received-sms')))));
    $('received-empty').hidden = received.length > 0;
    $('received-count').textContent = `(${received.length})`;
  }

  function network(result) {
    const home = result.originalNetwork;
    if (!home) return '—';
    let text = `${home.networkName} (${home.countryName})`;
    if (result.ported && result.portedNetwork) text += `, ported to ${result.portedNetwork.networkName}`;
    if (result.roaming && result.roamingNetwork) text += `, roaming in ${result.roamingNetwork.networkName}`;
    return text;
  }

  function renderLookups(lookups) {
    const key = JSON.stringify(lookups);
    if (key === lastShown.lookups) return;
    lastShown.lookups = key;
    $('lookups').replaceChildren(...lookups.map((lookup) => el('li', {},
      el('header', {}, el('strong', {}, lookup.kind === 'notify' ? 'Notify' : 'Query'), ' ', timeEl(lookup.at),
        ` · ${lookup.numberCount} number${lookup.numberCount === 1 ? '' : 's'}`,
        lookup.notifyUrl ? [' · pushed to ', el('code', {}, lookup.notifyUrl)] : null),
      el('div', { class: 'table-wrap' }, el('table', { class: 'results' },
        el('thead', {}, el('tr', {}, ['Number', 'Status', 'mccMnc', 'Network', 'Error'].map((h) =>
          el('th', { scope: 'col' }, h)))),
        el('tbody', {}, lookup.results.map((r) => el('tr', { 'data-number': r.to },
          el('td', {}, r.to),
          el('td', {}, el('span', { class: 'status', 'data-group': r.status.groupName, title: r.status.name },
            r.status.groupName)), el('td', {}, r.mccMnc ?? '—'),
          el('td', {}, network(r)), el('td', {}, r.error && r.error.id !== 0 ? r.error.name : '—')))))))));
    $('lookups-empty').hidden = lookups.length > 0;
  }

  // ---- polling --------------------------------------------------------------------------------------------

  function render(state) {
    csrfToken = state.csrfToken;
    $('account').textContent = state.account;
    $('clock-now').textContent = shortTime(state.now);
    $('clock-now').setAttribute('datetime', state.now.replace(/\+0000$/, 'Z'));
    $('balance').textContent = money(state.balance);
    renderMessages(state.messages);
    renderReceived(state.received);
    renderLookups(state.lookups);
    document.body.dataset.loaded = 'true';
  }

  async function poll() {
    clearTimeout(pollTimer);
    if (document.hidden) return; // a hidden tab asks nothing; visibilitychange starts it again
    if (polling) {
      pollTimer = setTimeout(poll, POLL_MS);
      return;
    }
    polling = true;
    const asked = query;
    try {
      const response = await fetch(`/ui/api/state${asked}`, { headers: { Accept: 'application/json' },
        credentials: 'same-origin', cache: 'no-store' });
      const state = await response.json();
      if (!response.ok) throw new Error(state?.requestError?.serviceException?.text ?? `HTTP ${response.status}`);
      if (asked === query) render(state);
      if ($('notice').classList.contains('error') && $('notice').dataset.source === 'poll') notice('');
    } catch (error) {
      notice(`Cannot read the sandbox's state: ${error.message}`, true);
      $('notice').dataset.source = 'poll';
    } finally {
      polling = false;
      pollTimer = setTimeout(poll, POLL_MS);
    }
  }

  function readFilters() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData($('filters'))) {
      if (String(value).trim() !== '') params.set(name, String(value).trim());
    }
    const text = params.toString();
    query = text ? `?${text}` : '';
    poll();
  }

  function start() {
    const filters = $('filters');
    let debounce = null;
    filters.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = setTimeout(readFilters, 200);
    });
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      readFilters();
    });
    filters.addEventListener('reset', () => setTimeout(readFilters, 0));

    for (const button of document.querySelectorAll('[data-advance]')) {
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const answer = await post('/ui/api/clock/advance', { seconds: Number(button.dataset.advance) });
          notice(`Sandbox clock moved ${button.textContent.trim()}: now ${shortTime(answer.now)}`);
          poll();
        } catch (error) {
          notice(`Clock not moved: ${error.message}`, true);
        } finally {
          button.disabled = false;
        }
      });
    }

    const lookup = $('lookup-form');
    lookup.addEventListener('submit', async (event) => {
      event.preventDefault();
      const numbers = lookup.elements.numbers.value.split(/[\s,;]+/).filter((n) => n !== '');
      if (numbers.length === 0) return;
      const button = lookup.querySelector('button');
      button.disabled = true;
      try {
        const answer = await post('/ui/api/lookup', { to: numbers });
        notice(`Number Context: ${answer.results.length} result${answer.results.length === 1 ? '' : 's'}`);
        lookup.reset();
        poll();
      } catch (error) {
        notice(`Lookup failed: ${error.message}`, true);
      } finally {
        button.disabled = false;
      }
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) poll();
    });
    poll();
  }

  start();
})();
