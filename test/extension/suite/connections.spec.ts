// Add, Test and Switch Connection through their prompts, and the status bar's health: red for a connection
// to a port where nothing listens, green again after switching to the live local stack.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../client/src/commandIds';
import type { ConnectionTestResult } from '../../../client/src/connections/connectionTest';
import type { DataMeshTestApi } from '../../../client/src/testing/testApi';
import { withPrompts, type PromptAnswer } from './prompts';
import { extensionApi, renderedText, RUN, stackAddresses, waitFor } from './support';

/** A port that nothing listens on: bound a moment ago by us, then closed. */
function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The answers of Add Connection for a plaintext cluster (no local stack of the editor's own is running). */
function addConnectionAnswers(name: string, bootstrap: string, registry?: string): PromptAnswer[] {
  return [
    { input: name, title: /name/ },
    { input: bootstrap, title: /bootstrap servers/ },
    { pick: (label) => label === 'No authentication', title: /authentication/ },
    { pick: (label) => label === 'No TLS', title: /TLS/ },
    { input: registry ?? '', title: /schema registry/ },
    ...(registry ? [{ pick: (label: string) => label === 'No authentication', title: /Registry authentication/ }] : []),
  ];
}

async function waitForActive(api: DataMeshTestApi, name: string) {
  return waitFor(`${name} to be the active connection`, () => {
    const state = api.connectionState();
    return state.kind === 'active' && state.name === name ? state : undefined;
  });
}

describe('connections and the status bar', function () {
  this.timeout(180_000);
  const live = `live-${RUN}`;
  const dead = `dead-${RUN}`;
  let api: DataMeshTestApi;

  before(async () => {
    api = await extensionApi();
  });

  it('Add Connection asks for each step, saves the profile and makes it active', async () => {
    const { bootstrap, registry } = stackAddresses();
    const added = await withPrompts(api.window, addConnectionAnswers(live, bootstrap, registry), async (prompts) => {
      const name = await vscode.commands.executeCommand<string | undefined>(COMMANDS.addConnection);
      // Add Connection tests the connection before saving it, and says how the test went.
      assert.equal(prompts.messages.length, 1);
      assert.equal(prompts.messages[0].level, 'info');
      assert.match(prompts.messages[0].text, new RegExp(`^Connection "${live}" added and active\\. ${live}: Kafka OK .*Registry OK`));
      return name;
    });
    assert.equal(added, live);
    const state = await waitForActive(api, live);
    assert.equal(state.kind === 'active' && state.hasRegistry, true);
    const saved = vscode.workspace
      .getConfiguration('datamesh')
      .get<{ name: string; bootstrapServers: string[]; registry?: { url: string } }[]>('connections');
    const profile = saved?.find((connection) => connection.name === live);
    assert.deepEqual(profile?.bootstrapServers, [bootstrap]);
    assert.equal(profile?.registry?.url, registry);
    assert.match(api.statusBar().text, new RegExp(`${live}$`));
  });

  it('Test Connection reaches Kafka and the registry and turns the status bar green', async () => {
    await waitForActive(api, live);
    const result = await withPrompts(api.window, [], async (prompts) => {
      const outcome = await vscode.commands.executeCommand<ConnectionTestResult | undefined>(COMMANDS.testConnection);
      assert.equal(prompts.messages.length, 1);
      assert.equal(prompts.messages[0].level, 'info', prompts.messages[0].text);
      assert.match(prompts.messages[0].text, new RegExp(`^${live}: Kafka OK \\(cluster \\S+, 1 broker, \\d+ topics`));
      assert.match(prompts.messages[0].text, /Registry OK/);
      return outcome;
    });
    assert.equal(result?.broker.ok, true);
    assert.equal(result?.registry?.ok, true);
    const bar = api.statusBar();
    assert.equal(bar.text, `$(pass-filled) ${live}`);
    assert.equal(bar.error, false);
    assert.match(renderedText(bar.tooltip), /Kafka 127\.0\.0\.1:\d+ \(plaintext\): connected \(checked/);
    assert.match(renderedText(bar.tooltip), /Registry http:\S+: connected \(checked/);
  });

  it('turns red for a broker that does not answer, and green again after switching to one that does', async () => {
    const port = await deadPort();
    // Its test fails, so Add Connection offers to save it anyway, and keeps the views on the live one.
    await withPrompts(
      api.window,
      [
        ...addConnectionAnswers(dead, `127.0.0.1:${port}`),
        { button: 'Save Anyway', title: new RegExp(`"${dead}" was not saved: .*Kafka failed`) },
      ],
      async (prompts) => {
        await vscode.commands.executeCommand(COMMANDS.addConnection);
        assert.equal(prompts.messages.at(-1)?.level, 'warning');
        assert.match(prompts.messages.at(-1)?.text ?? '', /saved but not made active/);
      },
    );
    const kept = api.connectionState();
    assert.equal(kept.kind === 'active' ? kept.name : kept.kind, live, 'the views stay on the live connection');
    await withPrompts(api.window, [{ pick: (label) => label === dead, title: /Switch Connection/ }], () =>
      vscode.commands.executeCommand(COMMANDS.switchConnection),
    );
    await waitForActive(api, dead);
    // A view asking for topics is what connects; its failure feeds the health.
    const roots = (await api.trees.topics.getChildren()) ?? [];
    assert.deepEqual(
      roots.map((node) => node.kind),
      ['error'],
    );
    const red = await waitFor('the status bar to turn red', () => (api.statusBar().error ? api.statusBar() : undefined));
    assert.equal(red.text, `$(error) ${dead}`);
    assert.match(renderedText(red.tooltip), new RegExp(`Kafka 127\\.0\\.0\\.1:${port} \\(plaintext\\): `));
    assert.equal(api.health().broker.state, 'error');
    // Test Connection says what failed and what to do, in an error message.
    const failed = await withPrompts(api.window, [], async (prompts) => {
      const outcome = await vscode.commands.executeCommand<ConnectionTestResult | undefined>(COMMANDS.testConnection);
      assert.deepEqual(
        prompts.messages.map((message) => message.level),
        ['error'],
      );
      assert.match(
        prompts.messages[0].text,
        new RegExp(`^${dead}: Kafka failed: Connection refused.*nothing is listening on that host and port`),
      );
      assert.match(prompts.messages[0].text, /No schema registry configured\.$/);
      return outcome;
    });
    assert.equal(failed?.broker.ok, false);
    assert.equal(api.statusBar().error, true, 'still red after the failed test');

    const switched = await withPrompts(api.window, [{ pick: (label) => label === live, title: /Switch Connection/ }], () =>
      vscode.commands.executeCommand<string | undefined>(COMMANDS.switchConnection),
    );
    assert.equal(switched, live);
    await waitForActive(api, live);
    const topics = (await api.trees.topics.getChildren()) ?? [];
    assert.ok(!topics.some((node) => node.kind === 'error'), 'the live broker lists its topics');
    const green = await waitFor('the status bar to turn green', () =>
      api.statusBar().text.startsWith('$(pass-filled)') ? api.statusBar() : undefined,
    );
    assert.equal(green.text, `$(pass-filled) ${live}`);
    assert.equal(green.error, false);
    assert.ok(
      api.connectionLog().some((line) => line.includes(String(port))),
      `the connection log tells of the failed broker: ${JSON.stringify(api.connectionLog().slice(-5))}`,
    );
  });
});
