// The sampling panel's page in headless Chromium, driven by the real panel model (SamplingSession) over
// the typed messages, with a test double of `acquireVsCodeApi` in place of VS Code: rendering, virtual
// scrolling over 100,000 rows, the filter and its errors, the local-schema drift, state restored after
// the page is recreated (hide/show), and hostile payloads that must show as text and never run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/codeServer';
import { panelHtml } from '../../client/src/panels/sampling/panelHtml';
import { SamplingSession, type SamplerFactory } from '../../client/src/panels/sampling/samplingSession';
import type { HostMessage, WebviewMessage } from '../../client/src/panels/sampling/messages';
import type { SampledRecord } from '../../client/src/engines/sample/sampleTypes';
import { loadLocalSchema } from '../../client/src/engines/sample/localSchemaCheck';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'dist', 'webview', 'sampling.js');
const CHROMIUM = process.env.DATAMESH_CHROMIUM || '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM}`
  : !existsSync(SCRIPT)
    ? `${SCRIPT} is not built (npm run build)`
    : undefined;
const skip = missing && process.env.CI !== 'true' ? missing : false;
const ROWS = 100_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const HOSTILE_KEY = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_VALUE = '<script>window.__pwned=2</script><b>bold</b>';
const HOSTILE_HEADER = '<img src=x onerror=window.__pwned=3>';

function generated(seq: number): SampledRecord {
  const hostile = seq % 25_000 === 7;
  const value = hostile ? HOSTILE_VALUE : { n: seq, amount: seq % 1000, ...(seq % 10 === 3 ? { extra: true } : {}) };
  const headers: Record<string, string> = hostile ? { [HOSTILE_KEY]: HOSTILE_HEADER } : { source: seq % 2 ? 'web' : 'app' };
  return {
    seq,
    topic: 'orders',
    partition: seq % 3,
    offset: String(seq),
    timestamp: T0 + seq * 1000,
    key: { format: 'text', value: hostile ? HOSTILE_KEY : `k-${seq}`, size: 5 },
    value: { format: hostile ? 'text' : 'json', value, size: 20 },
    headers,
    rawKey: Buffer.from(`k-${seq}`),
    rawValue: Buffer.from(JSON.stringify(value)),
    rawHeaders: Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)]),
  };
}

/** A source of 100,000 records delivered in batches, as the TopicSampler delivers them. */
const fakeSampler: SamplerFactory = (options) => ({
  start: async () => {
    for (let start = 0; start < ROWS; start += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, ROWS - start) }, (_, index) => generated(start + index));
      const answer = options.onRecords(batch);
      if (answer && answer.consumed < batch.length) break;
    }
  },
  stop: async () => undefined,
  pause: () => undefined,
  resume: () => undefined,
  progress: () => [0, 1, 2].map((partition) => ({ partition, start: '0', position: '33334', end: '33334', lag: '0', paused: false })),
});

describe('the sampling panel in Chromium', { skip }, () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  let session: SamplingSession;
  const pageErrors: string[] = [];

  /** A page bound to the session: webview messages go to session.handle, host messages come back as window events. */
  async function openPage(state?: unknown): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    let delivery = Promise.resolve();
    post = (message) => {
      delivery = delivery.then(() =>
        page
          .evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message as never)
          .then(
            () => undefined,
            () => undefined,
          ),
      );
    };
    await page.exposeFunction('__toHost', (text: string) => session.handle(JSON.parse(text) as WebviewMessage));
    // A string, not a function: tsx would add its own helpers to a function's source.
    await page.addInitScript(`
      window.__state = ${JSON.stringify(state ?? null)};
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__toHost(JSON.stringify(message)),
        getState: () => window.__state,
        setState: (next) => { window.__state = next; },
      });
    `);
    await page.goto(`${origin}/`);
    return page;
  }

  let post: (message: HostMessage) => void = () => undefined;

  before(async () => {
    const nonce = 'n0nce4test';
    server = createServer((request, response) => {
      if (request.url === '/sampling.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(readFileSync(SCRIPT));
      } else if (request.url === '/sampling.css') {
        response.writeHead(200, { 'content-type': 'text/css' });
        response.end(readFileSync(join(ROOT, 'media', 'sampling.css')));
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(panelHtml({ cspSource: origin, scriptUri: '/sampling.js', styleUri: '/sampling.css', nonce, title: 'Sample' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    session = new SamplingSession('orders', (message) => post(message), fakeSampler, {}, { limit: ROWS });
  });

  after(async () => {
    await session?.dispose();
    await browser?.close();
    server?.close();
    assert.deepEqual(pageErrors, [], 'no script errors in the page');
  });

  test('renders the first rows and counts all 100,000, with only the rows in view in the DOM', async () => {
    const page = await openPage();
    await page.locator('#count', { hasText: '100,000 shown of 100,000 buffered' }).waitFor({ timeout: 15_000 });
    // Following the tail: the last row is in view.
    await page.locator('.row[data-index="99999"] .offset', { hasText: '99999' }).waitFor({ timeout: 10_000 });
    const rendered = await page.locator('#rows .row').count();
    assert.ok(rendered > 10 && rendered < 120, `only the rows in view are in the DOM (${rendered})`);
    await page.locator('.row[data-index="99990"]').click();
    await page.locator('#detail pre').waitFor({ timeout: 5_000 });
    await page.screenshot({ path: join(ROOT, 'test-results', 'webview', 'sampling-panel.png') });
    await page.close();
  });

  test('virtual scrolling jumps to the middle and back smoothly', async () => {
    const page = await openPage();
    await page.locator('#count', { hasText: '100,000 shown' }).waitFor({ timeout: 15_000 });
    for (const target of [50_000, 12_345, 0, 99_990]) {
      const started = Date.now();
      await page.locator('#scroller').evaluate((element, top) => (element.scrollTop = top), target * 24 + 24);
      const row = page.locator(`.row[data-index="${target}"]`);
      await row.locator('.offset', { hasText: String(target) }).waitFor({ timeout: 5_000 });
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 2_000, `row ${target} rendered in ${elapsed} ms`);
      assert.equal(await row.locator('.key').textContent(), target % 25_000 === 7 ? HOSTILE_KEY : `k-${target}`);
    }
    assert.ok((await page.locator('#rows .row').count()) < 120);
    await page.close();
  });

  test('hostile payloads in key, value and headers show as text and never run', async () => {
    const page = await openPage();
    await page.locator('#search').fill('__pwned');
    await page.locator('#count', { hasText: /^4 shown/ }).waitFor({ timeout: 15_000 });
    const row = page.locator('.row[data-index="0"]');
    await row.locator('.key', { hasText: HOSTILE_KEY }).waitFor({ timeout: 5_000 });
    assert.equal(await row.locator('.value').textContent(), HOSTILE_VALUE);
    assert.equal(await row.locator('.headers').textContent(), `${HOSTILE_KEY}=${HOSTILE_HEADER}`);
    await row.click();
    await page.locator('#detail pre').waitFor({ timeout: 5_000 });
    assert.equal((await page.locator('#detail pre').textContent())?.trim(), HOSTILE_VALUE);
    await page.locator('#detail .tab', { hasText: 'headers' }).click();
    assert.equal(await page.locator('#detail .headers-table th').textContent(), HOSTILE_KEY);
    assert.equal(await page.locator('#detail .headers-table td').textContent(), HOSTILE_HEADER);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'no payload ran');
    assert.equal(
      await page.locator('#rows img, #rows script, #rows b, #detail img, #detail script, #detail b').count(),
      0,
      'no payload became markup',
    );
    await page.close();
  });

  test('the filter narrows the rows; a bad filter shows its column and keeps the previous one', async () => {
    const page = await openPage();
    await page.locator('#filter').fill('value.amount < 2 && headers.source == "web"');
    await page.locator('#filter').press('Enter');
    await page.locator('#count', { hasText: /^100 shown/ }).waitFor({ timeout: 15_000 });
    await page.locator('#filter').fill('value.amount < < 2');
    await page.locator('#filter').press('Enter');
    const error = page.locator('#filter-error');
    await error.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(
      (await error.textContent()) ?? '',
      /syntax error: .* \(column 14\); the previous filter stays in force\nvalue\.amount < < 2\n {13}\^/,
    );
    assert.match((await page.locator('#count').textContent()) ?? '', /^100 shown/);
    await page.locator('#filter').fill('');
    await page.locator('#filter').press('Enter');
    await page.locator('#count', { hasText: /^100,000 shown/ }).waitFor({ timeout: 15_000 });
    await page.close();
  });

  test('records that do not fit the local schema are marked, and the detail highlights the failing field', async () => {
    const schema = loadLocalSchema(
      'schemas/order.avsc',
      JSON.stringify({
        type: 'record',
        name: 'Order',
        fields: [
          { name: 'n', type: 'long' },
          { name: 'amount', type: 'double' },
        ],
      }),
    );
    assert.ok(!('error' in schema));
    session.setLocalSchema(schema);
    const page = await openPage();
    await page.locator('#count', { hasText: 'checked against schemas/order.avsc' }).waitFor({ timeout: 15_000 });
    await page.locator('#scroller').evaluate((element) => (element.scrollTop = 0));
    const drifting = page.locator('.row[data-index="3"]');
    await drifting.locator('.offset', { hasText: '3' }).waitFor({ timeout: 5_000 });
    assert.match((await drifting.getAttribute('class')) ?? '', /\bdrift\b/);
    assert.match((await drifting.locator('.value').getAttribute('title')) ?? '', /extra: not a field of Order/);
    assert.doesNotMatch((await page.locator('.row[data-index="4"]').getAttribute('class')) ?? '', /\bdrift\b/);
    await drifting.click();
    await page.locator('#detail .line.failing').waitFor({ timeout: 5_000 });
    assert.deepEqual(await page.locator('#detail .line.failing').allTextContents(), ['  "extra": true\n']);
    assert.equal(await page.locator('#detail .problems li').textContent(), 'extra: not a field of Order');
    session.setLocalSchema(undefined);
    await page.close();
  });

  test('the page recreated after hiding restores its filter and search from the saved state', async () => {
    const first = await openPage();
    await first.locator('#search').fill('k-77777');
    await first.locator('#count', { hasText: /^1 shown/ }).waitFor({ timeout: 15_000 });
    await first.waitForTimeout(500);
    const state = await first.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await first.close();
    const second = await openPage(state);
    assert.equal(await second.locator('#search').inputValue(), 'k-77777');
    await second.locator('#count', { hasText: /^1 shown/ }).waitFor({ timeout: 15_000 });
    await second.locator('.row[data-index="0"] .key', { hasText: 'k-77777' }).waitFor({ timeout: 5_000 });
    await second.close();
  });
});
