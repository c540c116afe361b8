// End to end, in a real VS Code (code-server 4.99.4 = VS Code 1.99.3) driven through its UI by
// Chromium: the packaged extension reports an id mismatch in the Problems panel and completes the
// manifest's top-level keys. Needs the tools from .ci/install-e2e-tools.sh; without them the tests
// are skipped, except under CI=true, where that is a failure.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { chooseJava } from '../../client/src/engines/stack/stackPrerequisites';
import { releaseTestStack, startTestStack, type TestStack } from '../integration/support/stackFixture';
import {
  closeBrowser,
  collectLogs,
  createSession,
  findTools,
  installExtension,
  launchBrowser,
  openWorkbench,
  packageExtension,
  removeSession,
  REPO_ROOT,
  RESULTS_DIR,
  screenshot,
  startCodeServer,
  tail,
  type CodeServer,
  type Session,
  type Tools,
} from '../../scripts/codeServer';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace');
const MANIFEST = 'orders.dataproduct.yaml';
/** Top-level keys that the fixture does not have yet, so completion should offer them. */
const MISSING_KEYS = ['tags', 'sla', 'containsPii', 'inputPorts', 'deprecation'];
const TEST_TIMEOUT = 150_000;

const found = findTools();
const inCi = process.env.CI === 'true';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Quick Open (Ctrl+P; F1 then Backspace as a fallback), type the file name, Enter. */
async function openFile(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await page.keyboard.press('Control+P');
  try {
    await input.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Backspace'); // drop the ">" of the command palette: file search
  }
  await page.keyboard.type(name, { delay: 10 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Runs a command from the palette (F1) by its title. */
async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(title, { delay: 10 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * The same starting point for every test: no widget, no panel, no editor, the Explorer in the side bar.
 * A test never relies on what an earlier one left open, so each can run alone or in any order.
 */
async function resetWorkbench(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  if (await page.locator('.part.panel').first().isVisible()) await runCommand(page, 'View: Hide Panel');
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'View: Show Explorer');
  await page.locator('.part.panel').first().waitFor({ state: 'hidden', timeout: 10_000 });
  await page.locator('[id="workbench.view.explorer"]').first().waitFor({ state: 'visible', timeout: 10_000 });
}

/** The labels of the suggestion rows the widget has rendered. */
async function suggestionLabels(page: Page): Promise<string[]> {
  const labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allTextContents();
  return labels.map((label) => label.trim()).filter(Boolean);
}

if (!('tools' in found) && !inCi) {
  describe('VS Code end to end (code-server + Chromium)', () => {
    const reason = `e2e tools missing: ${found.missing}`;
    test('the Problems panel shows the id-mismatch diagnostic', { skip: reason }, () => {});
    test('completion on an empty top-level line offers the manifest keys', { skip: reason }, () => {});
    test('an .avsc with a misspelt type shows an Avro diagnostic with a suggestion', { skip: reason }, () => {});
    test('the Data Mesh view container lists the workspace draft without a broker', { skip: reason }, () => {});
    test('New Data Product… asks its questions and opens a manifest with no problems', { skip: reason }, () => {});
    test('the sampling panel shows live events of the local stack, filters them and marks drift', { skip: reason }, () => {});
    test(
      'a workspace manifest is published from the palette through the preview, bumped, deprecated and retired',
      { skip: reason },
      () => {},
    );
  });
} else {
  describe('VS Code end to end (code-server + Chromium)', () => {
    let tools: Tools;
    let session: Session | undefined;
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let page: Page | undefined;
    const pageErrors: string[] = [];

    /** Resets the workbench, then runs a test body; on failure, saves a screenshot and adds context before rethrowing. */
    async function step(name: string, body: (page: Page) => Promise<void>): Promise<void> {
      assert.ok(page, 'the workbench did not open (see the before hook)');
      try {
        await resetWorkbench(page);
        await body(page);
      } catch (error) {
        try {
          const shot = await screenshot(page, `${name}-failure`);
          console.error(`# screenshot of the failure: ${shot}`);
        } catch {
          // the page may be gone
        }
        if (pageErrors.length > 0) console.error(`# page errors:\n${pageErrors.slice(-10).join('\n')}`);
        throw error;
      }
    }

    before(
      async () => {
        if (!('tools' in found)) throw new Error(`CI=true and the e2e tools are missing: ${found.missing}`);
        tools = found.tools;
        rmSync(RESULTS_DIR, { recursive: true, force: true }); // no stale screenshots from an earlier run
        const vsix = packageExtension();
        session = createSession(FIXTURE);
        installExtension(tools, session, vsix);
        server = await startCodeServer(tools, session);
        browser = await launchBrowser(tools);
        try {
          page = await openWorkbench(browser, server, MANIFEST);
        } catch (error) {
          throw new Error(`${(error as Error).message}\ncode-server log:\n${tail(session.logFile)}`);
        }
        page.on('pageerror', (error) => pageErrors.push(String(error)));
      },
      { timeout: 420_000 },
    );

    after(
      async () => {
        await closeBrowser(browser);
        await server?.stop();
        if (session) collectLogs(session);
        removeSession(session);
      },
      { timeout: 60_000 },
    );

    test('the Problems panel shows the id-mismatch diagnostic', { timeout: TEST_TIMEOUT }, async () => {
      await step('problems', async (page) => {
        await openFile(page, MANIFEST);
        // The file gets the extension's language.
        await page.locator('.statusbar-item', { hasText: 'Data Product Manifest' }).first().waitFor({ state: 'visible', timeout: 30_000 });

        await page.keyboard.press('Control+Shift+M');
        const panel = page.locator('.markers-panel').first();
        try {
          await panel.waitFor({ state: 'visible', timeout: 10_000 });
        } catch {
          await runCommand(page, 'View: Toggle Problems');
          await panel.waitFor({ state: 'visible', timeout: 15_000 });
        }

        const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'id-mismatch' }).first();
        await row.waitFor({ state: 'visible', timeout: 90_000 });
        await page
          .locator('.editor-group-container .monaco-editor .squiggly-error')
          .first()
          .waitFor({ state: 'attached', timeout: 15_000 });
        await sleep(500); // let the panel finish rendering before the screenshot
        const shot = await screenshot(page, '01-problems-id-mismatch');

        const text = (await row.textContent()) ?? '';
        const rows = (await page.locator('.markers-panel .monaco-list-row').allTextContents()).map((t) => t.trim());
        console.log(`# problems rows: ${JSON.stringify(rows)}\n# screenshot: ${shot}`);
        assert.match(text, /datamesh/, 'the diagnostic comes from the datamesh language server');
        assert.match(text, /id-mismatch/);
        assert.match(text, /\bid\b/i, 'the message talks about the id');
        assert.ok(
          rows.some((r) => r.includes(MANIFEST)),
          `the Problems panel groups the diagnostic under ${MANIFEST}`,
        );
        // The fixture is otherwise valid: every problem shown is the id mismatch.
        const problems = rows.filter((r) => /\[Ln \d+, Col \d+\]/.test(r));
        assert.deepEqual(
          problems.filter((r) => !r.includes('id-mismatch')),
          [],
          'the fixture has no problem other than its id',
        );
      });
    });

    test('completion on an empty top-level line offers the manifest keys', { timeout: TEST_TIMEOUT }, async () => {
      await step('completion', async (page) => {
        await openFile(page, MANIFEST);
        await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
        // The fixture ends with a newline: the end of the document is an empty line, column 1.
        await page.keyboard.press('Control+End');
        const lastLine = readFileSync(join(FIXTURE, MANIFEST), 'utf8').split('\n').length;
        const position = page.locator('[id="status.editor.selection"]').first();
        try {
          await page
            .locator('[id="status.editor.selection"]', { hasText: new RegExp(`Ln ${lastLine}, Col 1\\b`) })
            .waitFor({ state: 'visible', timeout: 10_000 });
        } catch {
          assert.fail(`the cursor is not at line ${lastLine}, column 1: the status bar shows ${await position.textContent()}`);
        }

        const rows = page.locator('.suggest-widget .monaco-list-row');
        let labels: string[] = [];
        for (let attempt = 1; attempt <= 4 && labels.length === 0; attempt++) {
          await page.keyboard.press('Control+Space');
          try {
            await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
            await sleep(500); // the list may still be filling in
            labels = await suggestionLabels(page);
          } catch {
            await page.keyboard.press('Escape');
            await sleep(1_000 * attempt); // the server may still be starting
          }
        }
        assert.ok(labels.length > 0, 'the suggest widget shows completions');

        // Walk down the list (it renders only the rows in view) until a missing key shows up.
        const seen = new Set(labels);
        for (let i = 0; i < 5 && !MISSING_KEYS.some((key) => seen.has(key)); i++) {
          await page.keyboard.press('PageDown');
          await sleep(200);
          for (const label of await suggestionLabels(page)) seen.add(label);
        }
        const offered = MISSING_KEYS.filter((key) => seen.has(key));

        // Select the first missing key offered and show its documentation.
        if (offered.length > 0) {
          for (let i = 0; i < 6; i++) await page.keyboard.press('PageUp'); // back to the first row
          for (let i = 0; i < 40; i++) {
            const focused = (await page.locator('.suggest-widget .monaco-list-row.focused .label-name').first().textContent())?.trim();
            if (focused === offered[0]) break;
            await page.keyboard.press('ArrowDown');
          }
          const details = page.locator('.suggest-details-container .suggest-details, .suggest-details').first();
          if (!(await details.isVisible())) await page.keyboard.press('Control+Space'); // toggles the details
          await details.waitFor({ state: 'visible', timeout: 10_000 });
        }
        await sleep(300);
        const shot = await screenshot(page, '02-completion-manifest-keys');
        const docs = (
          (await page
            .locator('.suggest-details')
            .first()
            .textContent()
            .catch(() => '')) ?? ''
        ).trim();
        console.log(`# suggestions: ${JSON.stringify([...seen])}\n# details: ${JSON.stringify(docs)}\n# screenshot: ${shot}`);
        await page.keyboard.press('Escape');

        assert.ok(
          offered.length > 0,
          `completion offers a missing manifest key (${MISSING_KEYS.join(', ')}); got ${JSON.stringify([...seen])}`,
        );
        assert.ok(docs.length > 0, `the completion item ${offered[0]} has documentation`);
      });
    });

    test('an .avsc with a misspelt type shows an Avro diagnostic with a suggestion', { timeout: TEST_TIMEOUT }, async () => {
      await step('avro', async (page) => {
        await openFile(page, 'draft.avsc');
        await page.locator('.statusbar-item', { hasText: 'Avro Schema' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        await page.keyboard.press('Control+Shift+M');
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'avro-unresolved-reference' }).first();
        await row.waitFor({ state: 'visible', timeout: 90_000 });
        await sleep(500);
        const shot = await screenshot(page, '03-avro-unresolved-reference');
        const text = (await row.textContent()) ?? '';
        console.log(`# avro problem: ${JSON.stringify(text)}\n# screenshot: ${shot}`);
        assert.match(text, /"strng" is not a defined type[^]*Did you mean "string"\?/);
        assert.match(text, /\[Ln 7, Col \d+\]/, 'the diagnostic sits on the line of the misspelt type');
      });
    });

    test('the Data Mesh view container lists the workspace draft without a broker', { timeout: TEST_TIMEOUT }, async () => {
      await step('mesh-view', async (page) => {
        // Open the container from the activity bar; the palette's "Focus on Mesh View" as a fallback.
        const icon = page
          .locator('.activitybar .action-item a[aria-label^="Data Mesh"], .activitybar .action-item[aria-label^="Data Mesh"]')
          .first();
        try {
          await icon.waitFor({ state: 'visible', timeout: 15_000 });
          await icon.click();
        } catch {
          await runCommand(page, 'Data Mesh: Focus on Mesh View');
        }
        const container = page.locator('[id="workbench.view.extension.datamesh"]').first();
        await container.waitFor({ state: 'visible', timeout: 30_000 });
        const row = (text: string) => container.locator('.monaco-list-row', { hasText: text }).first();

        // No connection: the Mesh view says so and still lists the workspace's manifest as a draft.
        await row('No connection — Add Connection').waitFor({ state: 'visible', timeout: 60_000 });
        const domain = row('sales');
        await domain.waitFor({ state: 'visible', timeout: 30_000 });
        if ((await domain.getAttribute('aria-expanded')) !== 'true') await domain.click();
        const product = container.locator('.monaco-list-row', { hasText: 'sales.wrong' }).first();
        await product.waitFor({ state: 'visible', timeout: 30_000 });
        // The other views show the welcome with its Add Connection button instead of an empty tree.
        const welcome = container.locator('.welcome-view-content', { hasText: 'No Kafka connection yet' }).first();
        await welcome.waitFor({ state: 'visible', timeout: 30_000 });
        const status = page.locator('.statusbar-item', { hasText: 'Kafka: no connection' }).first();
        await status.waitFor({ state: 'visible', timeout: 15_000 });
        await sleep(500);
        const shot = await screenshot(page, '04-data-mesh-view-draft');

        const rows = (await container.locator('.monaco-list-row').allTextContents()).map((text) => text.trim());
        const productText = ((await product.textContent()) ?? '').trim();
        console.log(`# mesh rows: ${JSON.stringify(rows)}\n# screenshot: ${shot}`);
        assert.match(productText, /sales\.wrong/, 'the draft product is listed under its domain');
        assert.match(productText, /draft \(workspace\)/, 'drafts are shown distinctly');
        assert.match(productText, /tier-2/);
        assert.match(productText, /sales-platform/, 'the owner is shown');
        assert.ok(
          await welcome.locator('a, .monaco-button', { hasText: 'Add Connection' }).first().isVisible(),
          'the welcome offers Add Connection',
        );
      });
    });

    test('New Data Product… asks its questions and opens a manifest with no problems', { timeout: TEST_TIMEOUT }, async () => {
      const created = join(session?.workspace ?? '', 'e2e');
      try {
        await step('new-product', async (page) => {
          await runCommand(page, 'Data Mesh: New Data Product…');
          const input = page.locator('.quick-input-widget .quick-input-box input').first();
          const answer = async (title: string, text: string): Promise<void> => {
            await page
              .locator('.quick-input-widget .quick-input-title', { hasText: title })
              .first()
              .waitFor({ state: 'visible', timeout: 15_000 });
            await input.fill(text);
            await page.keyboard.press('Enter');
          };
          await answer('New Data Product (1/5)', 'e2e');
          await answer('New Data Product (2/5)', 'widgets');
          await answer('New Data Product (3/5)', 'widget-makers');
          await answer('New Data Product (4/5)', 'tier-1');
          // The fixture has no policy: it requires Avro, so the format step is skipped and the manifest opens.
          await page
            .locator('.tabs-container .tab.active', { hasText: 'widgets.dataproduct.yaml' })
            .waitFor({ state: 'visible', timeout: 30_000 });
          const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
          await editor.waitFor({ state: 'visible', timeout: 30_000 });
          assert.match((await editor.textContent()) ?? '', /tier:\s*tier-1/);
          await page
            .locator('.statusbar-item', { hasText: 'Data Product Manifest' })
            .first()
            .waitFor({ state: 'visible', timeout: 30_000 });
          // The fixture's manifest, opened after it, has an id-mismatch: once that shows, the server has validated both.
          // Under load the quick open can close as the new editor settles (focus moves to it): try once more.
          await openFile(page, MANIFEST).catch(async () => {
            await page.keyboard.press('Escape');
            await openFile(page, MANIFEST);
          });

          await page.keyboard.press('Control+Shift+M');
          const panel = page.locator('.markers-panel').first();
          try {
            await panel.waitFor({ state: 'visible', timeout: 10_000 });
          } catch {
            await runCommand(page, 'View: Toggle Problems');
            await panel.waitFor({ state: 'visible', timeout: 15_000 });
          }
          await page
            .locator('.markers-panel .monaco-list-row', { hasText: 'id-mismatch' })
            .first()
            .waitFor({ state: 'visible', timeout: 90_000 });
          await sleep(3_000); // the new manifest's own diagnostics, if it had any, come a moment after it opens
          const rows = (await page.locator('.markers-panel .monaco-list-row').allTextContents()).map((text) => text.trim());
          console.log(`# problems rows: ${JSON.stringify(rows)}\n# screenshot: ${await screenshot(page, '12-new-product')}`);
          assert.ok(!rows.some((row) => /widgets/.test(row)), `no problem in the new product's files: ${JSON.stringify(rows)}`);
        });
      } finally {
        rmSync(created, { recursive: true, force: true }); // the other tests see the fixture as it was
      }
    });

    test('the sampling panel shows live events of the local stack, filters them and marks drift', { timeout: 360_000 }, async (t) => {
      const noJava = await chooseJava().then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)),
      );
      if (noJava && !inCi) {
        t.skip(`the local stack cannot start here: ${noJava}`);
        return;
      }
      let stack: TestStack | undefined;
      let kafka: Kafka | undefined;
      try {
        stack = await startTestStack();
        kafka = new Kafka({ brokers: [stack.bootstrap], logLevel: logLevel.NOTHING });
        const topic = 'sales.orders.v1'; // the fixture's port, whose schema is schemas/order.avsc
        const admin = kafka.admin();
        await admin.connect();
        await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
        await admin.disconnect();
        const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
        await producer.connect();
        const order = (n: number) => ({
          key: `o-${n}`,
          value: JSON.stringify({
            orderId: `o-${n}`,
            customerId: `c-${n}`,
            status: 'PLACED',
            amount: '01f4',
            placedAt: Date.now(),
            note: null,
          }),
          headers: { source: 'e2e' },
        });
        await producer.send({ topic, messages: [0, 1].map(order) });

        // Connect the extension to the stack, as Add Connection would (the settings file is watched).
        const settingsFile = join(session!.userDataDir, 'User', 'settings.json');
        const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
        settings['datamesh.connections'] = [
          {
            name: 'e2e stack',
            bootstrapServers: [stack.bootstrap],
            security: { protocol: 'plaintext' },
            registry: { url: stack.registry, auth: { kind: 'none' } },
          },
        ];
        settings['datamesh.activeConnection'] = 'e2e stack';
        writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

        await step('sampling', async (page) => {
          // A reload reads the new settings (code-server does not always notice the file change by itself).
          await runCommand(page, 'Developer: Reload Window');
          await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: 60_000 });
          await page.locator('.statusbar-item', { hasText: 'e2e stack' }).first().waitFor({ state: 'visible', timeout: 90_000 });
          // The palette command asks for the topic.
          await runCommand(page, 'Data Mesh: Sample Events');
          const pick = page.locator('.quick-input-widget .quick-input-box input').first();
          await pick.waitFor({ state: 'visible', timeout: 30_000 });
          await page
            .locator('.quick-input-list .monaco-list-row', { hasText: topic })
            .first()
            .waitFor({ state: 'visible', timeout: 30_000 });
          await page.keyboard.type(topic, { delay: 10 });
          await page.keyboard.press('Enter');
          await page.locator('.tabs-container .tab', { hasText: `Sample: ${topic}` }).waitFor({ state: 'visible', timeout: 30_000 });
          const panel: FrameLocator = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
          await panel
            .locator('#count', { hasText: /^2 shown of 2 buffered · checked against schemas\/order\.avsc/ })
            .waitFor({ timeout: 60_000 });

          // Live: events produced while the panel is open appear, a hostile one as text.
          await producer.send({
            topic,
            messages: [
              ...[2, 3, 4].map(order),
              {
                key: '<img src=x onerror="window.__pwned=1">',
                value: '<script>window.__pwned=2</script>',
                headers: { '<b>h</b>': '<i>v</i>' },
              },
            ],
          });
          await panel.locator('#count', { hasText: /^6 shown of 6 buffered/ }).waitFor({ timeout: 60_000 });
          const hostile = panel.locator('.row', { has: panel.locator('.key', { hasText: '<img src=x onerror=' }) }).first();
          await hostile.waitFor({ timeout: 15_000 });
          assert.equal(await hostile.locator('.value').textContent(), '<script>window.__pwned=2</script>');
          assert.equal(await hostile.locator('.headers').textContent(), '<b>h</b>=<i>v</i>');
          assert.equal(await panel.locator('#rows img, #rows script, #rows b, #rows i').count(), 0, 'no payload became markup');
          assert.match((await hostile.getAttribute('class')) ?? '', /\bdrift\b/, 'a text value does not fit the local schema');
          const valid = panel.locator('.row', { has: panel.locator('.key', { hasText: /^o-3$/ }) }).first();
          assert.doesNotMatch((await valid.getAttribute('class')) ?? '', /\bdrift\b/);
          await sleep(500);
          const shot = await screenshot(page, '05-sampling-panel');
          console.log(`# screenshot: ${shot}`);

          // The filter narrows the rows.
          await panel.locator('#filter').fill('value.orderId == "o-3" && headers.source == "e2e"');
          await panel.locator('#filter').press('Enter');
          await panel.locator('#count', { hasText: /^1 shown of 6 buffered/ }).waitFor({ timeout: 15_000 });
          await panel.locator('#filter').fill('');
          await panel.locator('#filter').press('Enter');
          await panel.locator('#count', { hasText: /^6 shown/ }).waitFor({ timeout: 15_000 });

          // Editing the local schema (customerId becomes a long) turns the events into drift, field by field.
          const schemaFile = join(session!.workspace, 'schemas', 'order.avsc');
          writeFileSync(
            schemaFile,
            readFileSync(schemaFile, 'utf8').replace(
              '{ "name": "customerId", "type": "string" }',
              '{ "name": "customerId", "type": "long" }',
            ),
          );
          await valid.and(panel.locator('.row.drift')).waitFor({ timeout: 30_000 });
          assert.match((await valid.locator('.value').getAttribute('title')) ?? '', /customerId: expected a long, got the string "c-3"/);
          await valid.click();
          await panel.locator('#detail .line.failing', { hasText: '"customerId": "c-3"' }).waitFor({ timeout: 15_000 });
          await sleep(300);
          console.log(`# screenshot: ${await screenshot(page, '06-sampling-drift')}`);
        });
        await producer.disconnect();
      } finally {
        if (stack) await releaseTestStack();
      }
    });

    test(
      'a workspace manifest is published from the palette through the preview, bumped, deprecated and retired',
      { timeout: 360_000 },
      async (t) => {
        const noJava = await chooseJava().then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)),
        );
        if (noJava && !inCi) {
          t.skip(`the local stack cannot start here: ${noJava}`);
          return;
        }
        const topic = 'billing.invoices.v1';
        let stack: TestStack | undefined;
        try {
          stack = await startTestStack();
          // A valid manifest of its own (the fixture's has an id mismatch, which refuses a publish).
          writeFileSync(
            join(session!.workspace, 'invoices.dataproduct.yaml'),
            [
              'apiVersion: datamesh/v1',
              'kind: DataProduct',
              'id: billing.invoices',
              'name: invoices',
              'domain: billing',
              'version: 1.0.0',
              'status: active',
              'owner:',
              '  team: billing-platform',
              'description:',
              '  purpose: Every invoice, as it is issued.',
              'tier: tier-3',
              'quality: curated',
              'outputPorts:',
              '  - name: invoice-events',
              `    topic: ${topic}`,
              '    partitions: 2',
              '    value:',
              '      format: avro',
              '      schema: schemas/order.avsc',
              '',
            ].join('\n'),
          );
          const settingsFile = join(session!.userDataDir, 'User', 'settings.json');
          const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
          settings['datamesh.connections'] = [
            {
              name: 'e2e stack',
              bootstrapServers: [stack.bootstrap],
              security: { protocol: 'plaintext' },
              registry: { url: stack.registry, auth: { kind: 'none' } },
            },
          ];
          settings['datamesh.activeConnection'] = 'e2e stack';
          settings['datamesh.publish.publishedBy'] = 'e2e-publisher';
          writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

          await step('publish', async (page) => {
            await runCommand(page, 'Developer: Reload Window');
            await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout: 60_000 });
            await page.locator('.statusbar-item', { hasText: 'e2e stack' }).first().waitFor({ state: 'visible', timeout: 90_000 });
            await openFile(page, 'invoices.dataproduct.yaml');
            // Drift: the manifest's topic is not in the cluster yet, an information diagnostic in Problems.
            await page.keyboard.press('Control+Shift+M');
            const problems = page.locator('.markers-panel').first();
            try {
              await problems.waitFor({ state: 'visible', timeout: 10_000 });
            } catch {
              await runCommand(page, 'View: Toggle Problems');
              await problems.waitFor({ state: 'visible', timeout: 15_000 });
            }
            const driftRow = problems.locator('.monaco-list-row', { hasText: `The topic ${topic} does not exist in the cluster.` }).first();
            await driftRow.waitFor({ state: 'visible', timeout: 90_000 });
            assert.match((await driftRow.textContent()) ?? '', /drift/);
            console.log(`# screenshot: ${await screenshot(page, '07-drift-before-publish')}`);
            await runCommand(page, 'View: Hide Panel');
            const commandAt = Date.now();
            await runCommand(page, 'Data Mesh: Publish Data Product');
            await page.locator('.tabs-container .tab', { hasText: 'Publish: invoices.dataproduct.yaml' }).waitFor({ timeout: 30_000 });
            const preview: FrameLocator = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
            await preview.locator('.group.topic .name', { hasText: topic }).waitFor({ timeout: 90_000 });
            assert.match(
              (await preview.locator('.group.topic .summary').first().textContent()) ?? '',
              /^create topic billing\.invoices\.v1 \(2 partitions/,
            );
            // Measured, not asserted (timings belong to npm run bench): from the command to the plan shown.
            console.log(`# plan shown ${Date.now() - commandAt} ms after the command`);
            assert.deepEqual(await preview.locator('.group h3 .kind').allTextContents(), ['Topic', 'Schema', 'Catalog']);
            await sleep(300);
            console.log(`# screenshot: ${await screenshot(page, '08-publish-preview')}`);

            const publishAt = Date.now();
            await preview.locator('#publish').click();
            await page
              .locator('.notifications-toasts .notification-toast', { hasText: 'Published billing.invoices' })
              .first()
              .waitFor({ state: 'visible', timeout: 120_000 });
            console.log(`# published (notification shown) ${Date.now() - publishAt} ms after the click`);
            // Planned again after the publish: nothing is left to do.
            await preview.locator('#headline', { hasText: 'is up to date' }).waitFor({ timeout: 90_000 });
            console.log(`# screenshot: ${await screenshot(page, '09-published')}`);

            // Published: the drift is gone (checked again after the publish).
            await page.keyboard.press('Control+Shift+M');
            await problems.waitFor({ state: 'visible', timeout: 15_000 });
            await problems
              .locator('.monaco-list-row', { hasText: 'does not exist in the cluster' })
              .first()
              .waitFor({ state: 'detached', timeout: 60_000 });
            await runCommand(page, 'View: Hide Panel');

            // The Mesh view lists it as published (no longer a draft), from the catalog.
            await runCommand(page, 'Data Mesh: Focus on Mesh View');
            const container = page.locator('[id="workbench.view.extension.datamesh"]').first();
            await container.waitFor({ state: 'visible', timeout: 30_000 });
            const domain = container.locator('.monaco-list-row', { hasText: 'billing' }).first();
            await domain.waitFor({ state: 'visible', timeout: 60_000 });
            if ((await domain.getAttribute('aria-expanded')) !== 'true') await domain.click();
            const product = container.locator('.monaco-list-row', { hasText: 'billing.invoices' }).first();
            await product.waitFor({ state: 'visible', timeout: 30_000 });
            await container
              .locator('.monaco-list-row', { hasText: /billing\.invoices\s*active/ })
              .first()
              .waitFor({ timeout: 60_000 });
            assert.doesNotMatch((await product.textContent()) ?? '', /draft/, 'the product is published, not a draft');
            console.log(`# screenshot: ${await screenshot(page, '10-published-in-mesh')}`);

            // Bump Version: a minor bump edits the manifest in the editor (undone: only the edit is checked here).
            await openFile(page, 'invoices.dataproduct.yaml');
            await runCommand(page, 'Data Mesh: Bump Version');
            await page.locator('.quick-input-list .monaco-list-row', { hasText: '1.0.0 → 1.1.0' }).first().waitFor({ timeout: 15_000 });
            await page.keyboard.type('minor', { delay: 10 });
            await page.keyboard.press('Enter');
            await page
              .locator('.notifications-toasts .notification-toast', { hasText: 'Version 1.0.0 → 1.1.0.' })
              .first()
              .waitFor({ state: 'visible', timeout: 15_000 });
            await page
              .locator('.editor-group-container .monaco-editor .view-lines', { hasText: /version:\s1\.1\.0/ })
              .first()
              .waitFor({ timeout: 15_000 });
            // Undone and saved: the edit is an ordinary editor edit (VS Code may save it as a refactoring does).
            await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
            await page.keyboard.press('Control+Z');
            await page.keyboard.press('Control+S');
            await page
              .locator('.editor-group-container .monaco-editor .view-lines', { hasText: /version:\s1\.0\.0/ })
              .first()
              .waitFor({ timeout: 15_000 });

            // Deprecate: the missing deprecation block is added (default sunset, no replacement), the manifest saved,
            // and the status published through the preview.
            await runCommand(page, 'Data Mesh: Deprecate Data Product');
            const noBlock = page.locator('.monaco-dialog-box', { hasText: 'has no deprecation block' }).first();
            await noBlock.waitFor({ state: 'visible', timeout: 15_000 });
            await noBlock.locator('.monaco-button', { hasText: 'Add Deprecation Block' }).first().click();
            const input = page.locator('.quick-input-widget .quick-input-box input').first();
            await input.waitFor({ state: 'visible', timeout: 15_000 });
            assert.match(await input.inputValue(), /^\d{4}-\d{2}-\d{2}$/, 'a default sunset date');
            await page.keyboard.press('Enter');
            await page.locator('.quick-input-widget', { hasText: 'replacement' }).first().waitFor({ state: 'visible', timeout: 15_000 });
            await page.keyboard.press('Enter');
            await preview.locator('.group.catalog .summary', { hasText: 'status deprecated' }).waitFor({ timeout: 90_000 });
            await preview.locator('#publish').click();
            await page
              .locator('.notifications-toasts .notification-toast', { hasText: 'Published billing.invoices: 1 action applied.' })
              .first()
              .waitFor({ state: 'visible', timeout: 60_000 });
            const saved = readFileSync(join(session!.workspace, 'invoices.dataproduct.yaml'), 'utf8');
            assert.match(saved, /^status: deprecated$/m);
            assert.match(saved, /^deprecation:\n {2}sunset: \d{4}-\d{2}-\d{2}\n/m);

            // Retire with a grace period of zero: confirmed in a dialog, the tombstone at once, the topics kept.
            await openFile(page, 'invoices.dataproduct.yaml');
            await runCommand(page, 'Data Mesh: Retire Data Product');
            const dialog = page.locator('.monaco-dialog-box', { hasText: 'Retire billing.invoices?' }).first();
            await dialog.waitFor({ state: 'visible', timeout: 15_000 });
            assert.match((await dialog.textContent()) ?? '', /Topics and schema subjects are kept/);
            await dialog
              .locator('.monaco-button', { hasText: /^Retire$/ })
              .first()
              .click();
            const grace = page.locator('.quick-input-widget .quick-input-box input').first();
            await grace.waitFor({ state: 'visible', timeout: 15_000 });
            assert.equal(await grace.inputValue(), 'P30D', 'the default grace period');
            await grace.fill('PT0S');
            await page.keyboard.press('Enter');
            await page
              .locator('.notifications-toasts .notification-toast', { hasText: 'Retired billing.invoices and wrote its tombstone' })
              .first()
              .waitFor({ state: 'visible', timeout: 60_000 });
            await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Keep the topics' }).first().waitFor({ timeout: 15_000 });
            await page.keyboard.press('Enter');
            // Out of the catalog: the Mesh view shows the workspace's manifest as a draft again.
            await runCommand(page, 'Data Mesh: Focus on Mesh View');
            await container
              .locator('.monaco-list-row', { hasText: /billing\.invoices\s*draft/ })
              .first()
              .waitFor({ timeout: 60_000 });
            console.log(`# screenshot: ${await screenshot(page, '11-retired')}`);
          });

          // The retired product's topic is kept.
          const kcat = spawnSync('kcat', ['-L', '-b', stack.bootstrap, '-t', topic, '-m', '10'], { encoding: 'utf8', timeout: 30_000 });
          assert.equal(kcat.status, 0, kcat.stderr);
          assert.match(kcat.stdout, new RegExp(`topic "${topic.replace(/\./g, '\\.')}" with 2 partitions`));
        } finally {
          if (stack) await releaseTestStack();
        }
      },
    );
  });
}
