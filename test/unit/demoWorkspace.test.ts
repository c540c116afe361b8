// npm run demo keeps its workspace: stopping VS Code (Ctrl+C) removes the editor's temporary session only,
// the next run reuses the workspace with the user's files, and --reset starts from a fresh copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSession, removeSession } from '../../scripts/codeServer';
import { defaultDemoWorkspace, describeDemoWorkspace, prepareDemoWorkspace } from '../../scripts/demoWorkspace';

const DEMO_MESH = join(__dirname, '..', '..', 'demo', 'mesh');

test('the demo workspace survives the end of the session, is reused with the new files, and --reset starts over', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'datamesh-demo-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const path = join(home, 'workspace');

  const first = prepareDemoWorkspace(DEMO_MESH, path);
  assert.equal(first.reused, false);
  assert.deepEqual(readdirSync(path).sort(), readdirSync(DEMO_MESH).sort(), 'a copy of demo/mesh');
  assert.match(describeDemoWorkspace(first), new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*kept.*--reset`));

  const session = createSession(DEMO_MESH, { workspace: path });
  assert.equal(session.workspace, path);
  writeFileSync(join(session.workspace, 'mine.dataproduct.yaml'), 'id: sales.mine\n');
  removeSession(session); // what Ctrl+C does
  assert.equal(existsSync(session.root), false, 'the editor session is gone');
  assert.equal(readFileSync(join(path, 'mine.dataproduct.yaml'), 'utf8'), 'id: sales.mine\n', "the user's file is kept");

  const second = prepareDemoWorkspace(DEMO_MESH, path);
  assert.equal(second.reused, true);
  assert.ok(existsSync(join(path, 'mine.dataproduct.yaml')), 'the next run reuses it as it is');
  assert.match(describeDemoWorkspace(second), /kept from the last run/);

  const reset = prepareDemoWorkspace(DEMO_MESH, path, { reset: true });
  assert.equal(reset.reused, false);
  assert.equal(existsSync(join(path, 'mine.dataproduct.yaml')), false, '--reset starts from a fresh copy');
  assert.deepEqual(readdirSync(path).sort(), readdirSync(DEMO_MESH).sort());
});

test('the demo workspace lives in the cache folder unless DATAMESH_DEMO_DIR says otherwise', () => {
  assert.equal(defaultDemoWorkspace({ DATAMESH_DEMO_DIR: '/x/demo' }), '/x/demo');
  assert.equal(defaultDemoWorkspace({ XDG_CACHE_HOME: '/c' }), join('/c', 'kafka-data-mesh', 'demo', 'workspace'));
});

test('a session without a workspace of its own still copies the fixture and removes it with the session', (t) => {
  const session = createSession(DEMO_MESH);
  t.after(() => removeSession(session));
  assert.ok(session.workspace.startsWith(session.root));
  assert.deepEqual(readdirSync(session.workspace).sort(), readdirSync(DEMO_MESH).sort());
  removeSession(session);
  assert.equal(existsSync(session.workspace), false);
});
