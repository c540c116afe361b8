// Diagnostics that need the connection: schema evolution against the registry's versions (the workspace has
// no git), and unknown-input clearing when the product it names is published to the catalog topic.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import { Kafka, logLevel } from 'kafkajs';
import * as vscode from 'vscode';
import { writeCatalogRecord } from '../../../client/src/engines/catalog/catalogEngine';
import type { DataMeshTestApi } from '../../../client/src/testing/testApi';
import { useCatalogTopic, useLocalConnection } from './connection';
import { ORDER_V1, ordersManifest } from './fixtures';
import {
  childLabels,
  codeOf,
  diagnosticsOf,
  extensionApi,
  registerSchema,
  RUN,
  setCompatibility,
  stackAddresses,
  writeWorkspaceFile,
} from './support';

describe('diagnostics once connected', function () {
  this.timeout(180_000);
  const domain = `evo${RUN}`;
  const ORDERS = `${domain}.orders.v1`;
  const SUBJECT = `${ORDERS}-value`;
  const CATALOG = `_${domain}.catalog`;
  const CUSTOMERS = `${domain}.customers`;
  let api: DataMeshTestApi;
  let kafka: Kafka;
  let restoreCatalog: () => Promise<void> = async () => undefined;

  before(async () => {
    api = await extensionApi();
    const { bootstrap } = stackAddresses();
    kafka = new Kafka({ clientId: 'exthost-diagnostics', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    // The catalog topic exists (with another product) before the editor watches it.
    await writeCatalogRecord(kafka, catalogProduct(`${domain}.other`, 'other-events'), { topic: CATALOG });
    restoreCatalog = await useCatalogTopic(CATALOG);
    await useLocalConnection(api);
  });

  after(async () => {
    await restoreCatalog();
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    await admin.deleteTopics({ topics: [CATALOG] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  });

  function catalogProduct(id: string, port: string) {
    const [productDomain, name] = [domain, id.slice(domain.length + 1)];
    return {
      id,
      manifest: {
        apiVersion: 'datamesh/v1',
        kind: 'DataProduct',
        id,
        name,
        domain: productDomain,
        version: '1.0.0',
        status: 'active',
        owner: { team: 'crm' },
        description: { purpose: 'Published by the extension-host test.' },
        tier: 'tier-2',
        quality: 'curated',
        outputPorts: [{ name: port, topic: `${id}.v1`, value: { format: 'avro', schema: 'x.avsc' } }],
      },
      schemas: {},
      status: 'active' as const,
      publishedAt: '2025-01-01T00:00:00Z',
      publishedBy: 'exthost-test',
    };
  }

  it("checks an edited port schema against the registry's versions of its subject", async () => {
    const { registry } = stackAddresses();
    await registerSchema(registry, SUBJECT, ORDER_V1);
    await setCompatibility(registry, SUBJECT, 'BACKWARD');
    writeWorkspaceFile(
      `${domain}.dataproduct.yaml`,
      ordersManifest({ domain, topic: ORDERS, schema: `schemas/${domain}-order.avsc`, compatibility: 'BACKWARD' }),
    );
    // A new field without a default: readers of this schema cannot read version 1's records.
    const breaking = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'note', type: 'string' }] };
    const schema = writeWorkspaceFile(`schemas/${domain}-order.avsc`, JSON.stringify(breaking, null, 2));
    const document = await vscode.workspace.openTextDocument(schema);
    await vscode.window.showTextDocument(document);

    const diagnostics = await diagnosticsOf(schema, (found) => found.some((d) => codeOf(d) === 'avro-incompatible'), 90_000).catch(
      async (error: Error) => {
        // Say what the editor knew: the workspace's drafts show as domains in the Mesh view.
        throw new Error(`${error.message}; the Mesh view's domains: ${JSON.stringify(await childLabels(api.trees.mesh))}`);
      },
    );
    const incompatible = diagnostics.filter((d) => codeOf(d) === 'avro-incompatible');
    assert.equal(incompatible.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.match(incompatible[0].message, /^Field `note` has no default.*Checked as BACKWARD for the value of /);
    assert.match(incompatible[0].message, new RegExp(`version 1 of ${SUBJECT.replace(/\./g, '\\.')}`));

    // With a default, the new field is compatible: the diagnostic goes away.
    const edit = new vscode.WorkspaceEdit();
    const fixed = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'note', type: 'string', default: '' }] };
    edit.replace(schema, new vscode.Range(0, 0, document.lineCount, 0), JSON.stringify(fixed, null, 2));
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsOf(schema, (found) => !found.some((d) => codeOf(d) === 'avro-incompatible'), 60_000);
  });

  it('clears unknown-input when the product it reads is published to the catalog', async () => {
    writeWorkspaceFile(`schemas/${domain}r-order.avsc`, JSON.stringify(ORDER_V1, null, 2));
    const manifest = writeWorkspaceFile(
      `${domain}r.dataproduct.yaml`,
      ordersManifest({
        domain: `${domain}r`,
        topic: `${domain}r.orders.v1`,
        schema: `schemas/${domain}r-order.avsc`,
        inputProduct: CUSTOMERS,
      }),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manifest));
    const before = await diagnosticsOf(manifest, (found) => found.some((d) => codeOf(d) === 'unknown-input'), 60_000);
    assert.match(before.find((d) => codeOf(d) === 'unknown-input')?.message ?? '', new RegExp(CUSTOMERS.replace(/\./g, '\\.')));

    await writeCatalogRecord(kafka, catalogProduct(CUSTOMERS, 'customer-events'), { topic: CATALOG });
    const after = await diagnosticsOf(manifest, (found) => !found.some((d) => codeOf(d) === 'unknown-input'), 60_000);
    assert.deepEqual(after.map(codeOf), [], 'the manifest is otherwise valid');
  });
});
