// One finder of mesh files: the walker of the language server's scan and `datamesh lint` (server/src/disk) skips
// the folders of services/meshFiles.ts, and the Mesh view's drafts skip the same ones through the derived globs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findMeshFiles, findMeshFileUris } from '../../server/src/disk/index';
import { IGNORED_FOLDERS_GLOB, isIgnoredFolder, isManifestFileName, isMeshFileName, MANIFEST_GLOB } from '../../server/src/services/index';

const FILES = [
  'orders.dataproduct.yaml',
  'schemas/order.avsc',
  'schemas/notes.txt',
  'customers/dataproduct.yaml',
  'customers/deep/nested/refunds.dataproduct.yml',
  'distribution/shipping.avsc',
  'node_modules/some-package/dataproduct.yaml',
  'customers/node_modules/x.avsc',
  '.git/objects/y.avsc',
  '.hidden/z.dataproduct.yaml',
  'dist/bundled.avsc',
  'out/a.avsc',
  'target/b.avsc',
  'tools/__pycache__/c.avsc',
];

/** What the finder must return: every mesh file outside an ignored folder, depth first in name order. */
const FOUND = [
  'customers/dataproduct.yaml',
  'customers/deep/nested/refunds.dataproduct.yml',
  'distribution/shipping.avsc',
  'linked.avsc',
  'orders.dataproduct.yaml',
  'schemas/order.avsc',
];

let root: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'datamesh-finder-'));
  for (const path of FILES) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
  }
  // A link to a file counts as the file; a link to a folder (here a cycle) is not followed.
  symlinkSync(join(root, 'schemas/order.avsc'), join(root, 'linked.avsc'));
  symlinkSync(root, join(root, 'customers/loop'));
});

after(() => rmSync(root, { recursive: true, force: true }));

const relativeTo = (folder: string, paths: string[]) => paths.map((path) => relative(folder, path).split('\\').join('/'));

describe('the mesh-file finder', () => {
  test('finds nested manifests and schemas, skipping dependency, build and hidden folders', async () => {
    assert.deepEqual(relativeTo(root, await findMeshFiles(root)), FOUND);
  });

  test('paths are joined onto the folder as given', async () => {
    const found = await findMeshFiles(join(root, 'customers'));
    assert.deepEqual(found, [join(root, 'customers/dataproduct.yaml'), join(root, 'customers/deep/nested/refunds.dataproduct.yml')]);
  });

  test('a folder given to search is searched even when its name is ignored', async () => {
    assert.deepEqual(relativeTo(root, await findMeshFiles(join(root, 'dist'))), ['dist/bundled.avsc']);
  });

  test('stops at the limit', async () => {
    assert.deepEqual(relativeTo(root, await findMeshFiles(root, 2)), FOUND.slice(0, 2));
  });

  test('the language server scans a workspace folder URI and gets file URIs', async () => {
    const uris = await findMeshFileUris(pathToFileURL(root).toString());
    assert.deepEqual(
      uris,
      FOUND.map((path) => pathToFileURL(join(root, path)).toString()),
    );
  });

  test('a folder that does not exist has no mesh files', async () => {
    assert.deepEqual(await findMeshFiles(join(root, 'missing')), []);
  });
});

describe('the ignored folders and the drafts’ globs', () => {
  test('hidden folders and the listed ones are ignored, others are not', () => {
    for (const name of ['node_modules', '.git', '.venv', 'dist', 'out', 'target', '__pycache__', '.vscode'])
      assert.ok(isIgnoredFolder(name), name);
    for (const name of ['schemas', 'distribution', 'output', 'src']) assert.ok(!isIgnoredFolder(name), name);
  });

  test('the exclude glob leaves out exactly the mesh files the walker skips', async () => {
    const found = new Set(relativeTo(root, await findMeshFiles(root)));
    for (const path of FILES.filter((file) => isMeshFileName(file))) {
      assert.equal(matchesGlob(path, IGNORED_FOLDERS_GLOB), !found.has(path), path);
    }
  });

  test('the manifest glob matches the names that are manifests', () => {
    const names = [
      'a.dataproduct.yaml',
      'a.dataproduct.yml',
      'dataproduct.yaml',
      'dataproduct.yml',
      'a.yaml',
      'a.avsc',
      'mydataproduct.yaml',
    ];
    for (const name of names) assert.equal(matchesGlob(`x/${name}`, MANIFEST_GLOB), isManifestFileName(name), name);
  });
});
