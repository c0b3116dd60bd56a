// Drives the sandbox's web inbox (/ui) in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core's pipe, no downloaded browser) for tests/e2e/test_inbox_browser.py.
//
//   node tests/e2e/inbox_browser.mjs http://127.0.0.1:PORT
//
// It reads one JSON command per line on stdin and answers each with one JSON line on stdout, so the Python
// test can act with the SDK between browser steps. Commands name a page (one browser context per account):
//   {"cmd": "open", "page": "a", "username": "...", "password": "..."}   -> {}
//   {"cmd": "eval", "page": "a", "js": "() => ..."}                      -> {"value": ...}
//   {"cmd": "waitFor", "page": "a", "js": "() => ...", "timeout": ms}    -> {"ms": elapsed}
//   {"cmd": "press", "page": "a", "selector": "...", "key": "Enter"}     -> {} (focus, then the key)
//   {"cmd": "type", "page": "a", "text": "..."}                          -> {} (into the focused element)
//   {"cmd": "keys", "page": "a", "keys": ["Tab", ...]}                    -> {"focused": description}
//   {"cmd": "viewport", "page": "a", "width": w, "height": h}            -> {}
//   {"cmd": "screenshot", "page": "a", "path": "...", "fullPage": bool}  -> {}
//   {"cmd": "close"} -> {"requests": [...], "console": [...], "pageErrors": [...]}
// A failed command answers {"error": "..."} and the driver goes on.
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const [baseUrl] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const log = { requests: [], console: [], pageErrors: [] };

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Without the background-networking switches Chromium calls home (updates, safe browsing, ...).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const pages = new Map();

async function open({ page: name, username, password }) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    httpCredentials: { username, password, origin: baseUrl, send: 'always' },
  });
  context.on('request', (request) => log.requests.push({ page: name, url: request.url() }));
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      log.console.push({ page: name, type: message.type(), text: message.text() });
    }
  });
  page.on('pageerror', (error) => log.pageErrors.push({ page: name, error: String(error) }));
  page.on('websocket', (ws) => log.requests.push({ page: name, url: ws.url() }));
  await page.goto(`${baseUrl}/ui`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 10000 });
  pages.set(name, page);
  return {};
}

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return null;
    return { tag: el.tagName, name: el.getAttribute('name'), text: (el.textContent ?? '').trim().slice(0, 60) };
  });
}

const commands = {
  open,
  async eval({ page, js }) {
    return { value: await pages.get(page).evaluate(`(${js})()`) };
  },
  // Polled from here: waitForFunction would eval the predicate inside the page, which its CSP forbids.
  async waitFor({ page, js, timeout }) {
    const started = Date.now();
    const limit = timeout ?? 5000;
    for (;;) {
      if (await pages.get(page).evaluate(`(${js})()`)) return { ms: Date.now() - started };
      if (Date.now() - started > limit) throw new Error(`not true within ${limit} ms: ${js}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  },
  async press({ page, selector, key }) {
    const p = pages.get(page);
    await p.focus(selector);
    await p.keyboard.press(key);
    return {};
  },
  async type({ page, text }) {
    await pages.get(page).keyboard.type(text);
    return {};
  },
  async keys({ page, keys }) {
    const p = pages.get(page);
    for (const key of keys) await p.keyboard.press(key);
    return { focused: await focused(p) };
  },
  async viewport({ page, width, height }) {
    await pages.get(page).setViewportSize({ width, height });
    return {};
  },
  async screenshot({ page, path, fullPage }) {
    await pages.get(page).screenshot({ path, fullPage: Boolean(fullPage) });
    return {};
  },
};

const lines = createInterface({ input: process.stdin });
const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
reply({ ready: true });
try {
  for await (const line of lines) {
    if (!line.trim()) continue;
    const command = JSON.parse(line);
    if (command.cmd === 'close') {
      reply(log);
      break;
    }
    try {
      reply(await commands[command.cmd](command));
    } catch (error) {
      reply({ error: String(error?.message ?? error) });
    }
  }
} finally {
  await browser.close();
}
