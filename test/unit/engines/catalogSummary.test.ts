import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toProductSummary, type CatalogProduct } from '../../../client/src/engines/catalog/catalogEngine';

const published = (manifest: Record<string, unknown>, status = 'deprecated'): CatalogProduct => ({
  id: 'sales.customers',
  manifest: { id: 'sales.customers', outputPorts: [{ name: 'customer-events' }], ...manifest },
  schemas: {},
  status,
  publishedAt: '2026-01-02T03:04:05.000Z',
  publishedBy: 'test',
  partition: 0,
  offset: '3',
  timestamp: '2026-01-02T03:04:05.000Z',
});

test("a catalog product's summary carries the published status and its deprecation block", () => {
  const summary = toProductSummary(published({ status: 'active', deprecation: { sunset: '2027-06-30', replacement: 'sales.people' } }));
  assert.equal(summary.status, 'deprecated', 'the record status, not the manifest one');
  assert.deepEqual(summary.deprecation, { sunset: '2027-06-30', replacement: 'sales.people' });
  assert.equal(toProductSummary(published({})).deprecation, undefined);
  assert.deepEqual(toProductSummary(published({ deprecation: { sunset: 5, replacement: 'x.y' } })).deprecation, { replacement: 'x.y' });
});
