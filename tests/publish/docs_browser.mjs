// Opens dist/spec/index.html from disk in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core over its pipe) with the network off, visits every entry of the docs' sidebar the way a
// reader clicks through them, and prints one JSON object: every request the page made, the text and
// headings each route rendered, page errors. tests/publish/test_docs_browser.py makes the assertions.
//
//   node tests/publish/docs_browser.mjs dist/spec/index.html dist/spec/index.png
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [htmlPath, screenshotPath] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const pageUrl = pathToFileURL(resolve(htmlPath)).href;
const profile = mkdtempSync(join(tmpdir(), 'sms-api-docs-chromium-'));

const result = { url: pageUrl, requests: [], websockets: [], pageErrors: [], routes: [], menu: [], text: '' };
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  offline: true,
  viewport: { width: 1400, height: 1000 },
  // Without the background-networking switches Chromium calls home (updates, safe browsing, ...).
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  context.on('request', (request) => result.requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('websocket', (ws) => result.websockets.push(ws.url()));
  page.on('pageerror', (error) => result.pageErrors.push(String(error)));

  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForSelector('[data-component-name="Menu/MenuItem"]', { timeout: 20000 });

  const menuLinks = () => page.$$eval('.menu-content a[href]', (links) => links.map((a) => ({
    href: a.getAttribute('href') ?? '', label: (a.innerText ?? '').split('\n')[0].trim(),
  })));
  // Routes are hash routes on file:// (`#/send-sms/send-single-text-sms`); the sidebar also writes
  // top-level entries as `/send-sms`. Visiting a tag expands its operations in the sidebar.
  const seen = new Set();
  const queue = [];
  const enqueue = (links) => {
    for (const { href, label } of links) {
      const route = href.startsWith('#/') ? href.slice(1) : href.startsWith('/') ? href : null;
      if (route === null || seen.has(route)) continue;
      seen.add(route);
      queue.push({ route, label });
    }
  };
  enqueue(await menuLinks());
  const texts = [];
  while (queue.length > 0) {
    const { route, label } = queue.shift();
    await page.evaluate((hash) => { window.location.hash = hash; }, route);
    let rendered = true;
    try {
      await page.waitForFunction(
        (want) => (document.querySelector('#api-content')?.innerText ?? '').includes(want), label,
        { timeout: 10000 });
    } catch {
      rendered = false;
    }
    // The section under the route renders as it comes into view: let it settle, then read it.
    await page.waitForTimeout(150);
    const main = await page.$eval('#api-content', (el) => ({
      text: el.innerText,
      headings: [...el.querySelectorAll('h1, h2, h3')].map((h) => h.innerText.trim()),
    }));
    texts.push(main.text);
    result.routes.push({ route, label, rendered, headings: main.headings });
    enqueue(await menuLinks());
  }
  result.menu = await menuLinks();
  result.text = texts.join('\n');
  await page.evaluate(() => { window.location.hash = '/'; });
  await page.waitForTimeout(300);
  if (screenshotPath) await page.screenshot({ path: screenshotPath });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result));
