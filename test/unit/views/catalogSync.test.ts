// The editor's side of the catalog in the checks: the connection's live catalog goes to the language server
// (datamesh/catalogProducts), an empty list when the connection goes, again after a server restart; opening
// a manifest with an active connection starts the catalog watch.
import { stubState } from '../../support/installVscodeStub';
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { registerCatalogSync, type CatalogSource, type CatalogSyncClient } from '../../../client/src/catalogSync';
import { Listeners, type ConnectionState } from '../../../client/src/connections/browseContext';
import type { ProductSummary } from '../../../server/src/services/index';

const INVOICES: ProductSummary = { id: 'billing.invoices', outputPorts: [{ name: 'invoices' }], source: 'catalog' };

function fakeSource(state: ConnectionState['kind'] = 'active') {
  const listeners = new Listeners<ProductSummary[]>();
  let products: ProductSummary[] = [];
  let meshCalls = 0;
  const source: CatalogSource = {
    onDidChangeCatalogProducts: (listener) => listeners.add(listener),
    catalogProducts: () => products,
    connectionState: () => (state === 'active' ? { kind: 'active', name: 'local', problems: [], hasRegistry: true } : { kind: 'none' }),
    mesh: async () => {
      meshCalls++;
      return { model: { domains: [], products: [] } as never, catalogTopic: '_datamesh.products', catalogExists: true };
    },
  };
  return {
    source,
    announce(next: ProductSummary[]) {
      products = next;
      listeners.fire(next);
    },
    meshCalls: () => meshCalls,
  };
}

function fakeClient() {
  const sent: { method: string; params: unknown }[] = [];
  const stateListeners = new Set<() => void>();
  let running = true;
  const client = {
    sendNotification: async (type: { method: string }, params: unknown) => {
      sent.push({ method: type.method, params });
    },
    onDidChangeState: (listener: () => void) => {
      stateListeners.add(listener);
      return new vscode.Disposable(() => stateListeners.delete(listener));
    },
    isRunning: () => running,
  } as unknown as CatalogSyncClient;
  return {
    client,
    sent,
    restart() {
      running = false;
      for (const listener of stateListeners) listener();
      running = true;
      for (const listener of stateListeners) listener();
    },
  };
}

const log = () => undefined;
const manifest = (name: string) => ({ uri: vscode.Uri.file(`/ws/${name}`), languageId: name.endsWith('.avsc') ? 'avro' : 'dataproduct' });

beforeEach(() => stubState.reset());

test('each catalog change reaches the language server, and an empty list when the connection goes', () => {
  const { source, announce } = fakeSource();
  const { client, sent } = fakeClient();
  const sync = registerCatalogSync(client, source, log);
  assert.deepEqual(sent, [], 'nothing is sent before the catalog is known');
  announce([INVOICES]);
  announce([]);
  assert.deepEqual(sent, [
    { method: 'datamesh/catalogProducts', params: { products: [INVOICES] } },
    { method: 'datamesh/catalogProducts', params: { products: [] } },
  ]);
  sync.dispose();
  announce([INVOICES]);
  assert.equal(sent.length, 2, 'nothing after dispose');
});

test('a restarted language server gets the catalog again', () => {
  const { source, announce } = fakeSource();
  const { client, sent, restart } = fakeClient();
  registerCatalogSync(client, source, log);
  announce([INVOICES]);
  restart();
  assert.deepEqual(
    sent.map((message) => message.params),
    [{ products: [INVOICES] }, { products: [INVOICES] }],
  );
});

test('opening a manifest with an active connection starts the catalog; a schema or no connection does not', () => {
  const active = fakeSource('active');
  stubState.openDocument(manifest('already-open.dataproduct.yaml'));
  registerCatalogSync(fakeClient().client, active.source, log);
  assert.equal(active.meshCalls(), 1, 'a manifest open at registration');
  stubState.openDocument(manifest('order.avsc'));
  assert.equal(active.meshCalls(), 1);
  stubState.openDocument(manifest('orders.dataproduct.yaml'));
  assert.equal(active.meshCalls(), 2);

  stubState.reset();
  const none = fakeSource('none');
  registerCatalogSync(fakeClient().client, none.source, log);
  stubState.openDocument(manifest('orders.dataproduct.yaml'));
  assert.equal(none.meshCalls(), 0);
});
