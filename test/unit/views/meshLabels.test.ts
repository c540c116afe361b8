// Product descriptions in the Mesh view say each thing once.
import '../../support/installVscodeStub';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { productDescription } from '../../../client/src/views/mesh/meshTreeProvider';
import { buildMeshModel } from '../../../client/src/engines/browse/meshModel';
import { catalogProduct, draft } from '../../support/fakeBrowseContext';

function describeDraft(status: string | undefined): string {
  const product = buildMeshModel([], [draft('sales.refunds', { status, tier: 'tier-2', owner: 'finance' })]).products.get('sales.refunds');
  assert.ok(product);
  return productDescription(product);
}

test('a workspace draft whose status is draft says "draft" once', () => {
  assert.equal(describeDraft('draft'), 'draft (workspace) · tier-2 · finance');
  assert.equal(describeDraft(undefined), 'draft (workspace) · tier-2 · finance');
});

test('a workspace-only manifest with another status keeps it after the draft marker', () => {
  assert.equal(describeDraft('active'), 'draft (workspace) · active · tier-2 · finance');
});

test('no description repeats a word between its parts', () => {
  const published = buildMeshModel([catalogProduct('sales.orders', { tier: 'tier-1', owner: { team: 'sales' } })], []).products.get(
    'sales.orders',
  );
  assert.ok(published);
  for (const description of [describeDraft('draft'), describeDraft('active'), describeDraft('deprecated'), productDescription(published)]) {
    const words = description.split(' · ').map((part) => part.split(/[\s,()]+/)[0]);
    assert.equal(new Set(words).size, words.length, `"${description}" says something twice`);
  }
});
