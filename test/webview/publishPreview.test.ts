// The publish preview's page in headless Chromium, fed the view model of real plan data over the typed
// messages, with a test double of `acquireVsCodeApi`: grouping as shown, Publish offered only when the plan
// allows it (after accepting event changes when needed), and hostile topic names, reasons and messages that
// must show as text and never run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/codeServer';
import { publishPanelHtml } from '../../client/src/panels/publish/panelHtml';
import { toPlanView } from '../../client/src/panels/publish/publishViewModel';
import type { HostMessage, WebviewMessage } from '../../client/src/panels/publish/messages';
import type { PublishPlan } from '../../client/src/engines/publish/publishTypes';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'dist', 'webview', 'publish.js');
const CHROMIUM = process.env.DATAMESH_CHROMIUM || '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM}`
  : !existsSync(SCRIPT)
    ? `${SCRIPT} is not built (npm run build)`
    : undefined;
const skip = missing && process.env.CI !== 'true' ? missing : false;
const HOSTILE_TOPIC = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_REASON = '<script>window.__pwned=2</script><b>bold</b>';
const HOSTILE_MESSAGE = '<img src=x onerror=window.__pwned=3>';

function plan(overrides: Partial<PublishPlan> = {}): PublishPlan {
  return {
    productId: 'sales.orders',
    manifestPath: '/w/orders.dataproduct.yaml',
    diagnostics: [],
    actions: [
      { kind: 'create-topic', id: 'create', port: 'p', topic: HOSTILE_TOPIC, partitions: 1, configs: {}, reason: HOSTILE_REASON },
      {
        kind: 'register-schema',
        id: 'register',
        port: 'p',
        subject: 'sales.orders.v1-value',
        schemaPath: 'o.avsc',
        schema: '{}',
        reason: 'New.',
      },
      {
        kind: 'write-catalog-record',
        id: 'catalog',
        productId: 'sales.orders',
        catalogTopic: '_datamesh.products',
        status: 'active',
        reason: 'New.',
      },
    ],
    findings: [],
    downstream: { products: [], consumerGroups: [{ groupId: HOSTILE_MESSAGE, topic: 'sales.orders.v1' }] },
    eventCheck: { perPartition: 200, checked: [] },
    refused: false,
    ...overrides,
  };
}

/** Waits until the page's last message to the host has this type (exposed functions answer asynchronously). */
async function sentLast(sent: WebviewMessage[], type: WebviewMessage['type']): Promise<void> {
  for (let tries = 0; tries < 100 && sent.at(-1)?.type !== type; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the publish preview in Chromium', { skip }, () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  /** A page whose messages to the host are collected; `post` delivers host messages as window events. */
  async function openPage(): Promise<{ page: Page; sent: WebviewMessage[]; post: (message: HostMessage) => Promise<void> }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    const sent: WebviewMessage[] = [];
    await page.exposeFunction('__toHost', (text: string) => sent.push(JSON.parse(text) as WebviewMessage));
    await page.addInitScript(`
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__toHost(JSON.stringify(message)),
        getState: () => null,
        setState: () => undefined,
      });
    `);
    await page.goto(`${origin}/`);
    const post = async (message: HostMessage) => {
      await page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message as never);
    };
    return { page, sent, post };
  }

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/publish.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(readFileSync(SCRIPT));
      } else if (request.url === '/publish.css') {
        response.writeHead(200, { 'content-type': 'text/css' });
        response.end(readFileSync(join(ROOT, 'media', 'publish.css')));
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(
          publishPanelHtml({
            cspSource: origin,
            scriptUri: '/publish.js',
            styleUri: '/publish.css',
            nonce: 'n0nce4test',
            title: 'Publish',
          }),
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    assert.deepEqual(pageErrors, [], 'no script errors in the page');
  });

  test('the plan shows grouped as text; hostile names and reasons never become markup or run', async () => {
    const { page, sent, post } = await openPage();
    await page.waitForFunction(() => document.readyState === 'complete');
    assert.deepEqual(sent[0], { type: 'ready' });
    await post({ type: 'plan', view: toPlanView(plan()) });
    await page.locator('.group.topic .name', { hasText: HOSTILE_TOPIC }).waitFor({ timeout: 5_000 });
    assert.deepEqual(await page.locator('.group h3 .kind').allTextContents(), ['Topic', 'Schema', 'Catalog']);
    assert.equal(await page.locator('.group.topic .reason').textContent(), HOSTILE_REASON);
    assert.match((await page.locator('.group.topic .summary').textContent()) ?? '', /^create topic <img src=x/);
    assert.equal(await page.locator('.downstream li').textContent(), `${HOSTILE_MESSAGE} reads sales.orders.v1`);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'no payload ran');
    assert.equal(await page.locator('#sections img, #sections script, #sections b').count(), 0, 'no payload became markup');

    assert.equal(await page.locator('#publish').isEnabled(), true);
    await page.locator('#publish').click();
    await sentLast(sent, 'publish');
    assert.deepEqual(sent.at(-1), { type: 'publish', acceptEventChanges: false });
    assert.equal(await page.locator('#publish').isDisabled(), true, 'no second publish while one runs');
    await post({ type: 'outcome', status: 'applied', message: 'Published sales.orders: 3 actions applied.' });
    assert.equal(await page.locator('#outcome').textContent(), 'Published sales.orders: 3 actions applied.');
    await page.close();
  });

  test('events that change meaning need the acceptance before Publish; a refused plan offers no Publish', async () => {
    const { page, sent, post } = await openPage();
    const meaning = {
      severity: 'error' as const,
      code: 'event-meaning-changes' as const,
      message: HOSTILE_MESSAGE,
      partition: 1,
      offset: '42',
    };
    await post({ type: 'plan', view: toPlanView(plan({ findings: [meaning], refused: true })) });
    await page.locator('.events .message', { hasText: HOSTILE_MESSAGE }).waitFor({ timeout: 5_000 });
    assert.match((await page.locator('.events .details').textContent()) ?? '', /partition 1 · offset 42/);
    assert.equal(await page.locator('#accept-label').isVisible(), true);
    assert.equal(await page.locator('#publish').isDisabled(), true);
    await page.locator('#accept-events').check();
    assert.equal(await page.locator('#publish').isEnabled(), true);
    await page.locator('#publish').click();
    await sentLast(sent, 'publish');
    assert.deepEqual(sent.at(-1), { type: 'publish', acceptEventChanges: true });

    const incompatible = {
      severity: 'error' as const,
      code: 'incompatible-schema' as const,
      message: 'field removed',
      location: '/fields/1',
    };
    await post({ type: 'plan', view: toPlanView(plan({ findings: [incompatible], refused: true })) });
    await page.locator('.compatibility .details', { hasText: 'field /fields/1' }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('#publish').isHidden(), true);
    assert.equal(await page.locator('#accept-label').isHidden(), true);
    assert.match((await page.locator('#headline').textContent()) ?? '', /refused/);

    await post({ type: 'failed', message: `Cannot reach ${HOSTILE_MESSAGE}` });
    assert.equal(await page.locator('#headline').textContent(), `Cannot reach ${HOSTILE_MESSAGE}`);
    await page.locator('#refresh').click();
    await sentLast(sent, 'refresh');
    assert.deepEqual(sent.at(-1), { type: 'refresh' });
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    await page.close();
  });
});
