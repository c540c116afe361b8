// The palette shows no command that needs a tree node: each node-only command is hidden with `when: false`,
// and is still reachable from the views' menus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, NODE_ONLY_COMMANDS } from '../../../client/src/commandIds';

interface MenuEntry {
  command: string;
  when?: string;
}

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, MenuEntry[]> };
};

test('every node-only command is hidden from the palette', () => {
  const hidden = new Set(pkg.contributes.menus.commandPalette.filter((entry) => entry.when === 'false').map((entry) => entry.command));
  const shown = NODE_ONLY_COMMANDS.filter((command) => !hidden.has(command));
  assert.deepEqual(shown, [], 'node-only commands visible in the palette');
  assert.ok(NODE_ONLY_COMMANDS.includes(COMMANDS.retry), 'Retry works on an error node only');
});

test('every node-only command is contributed and reachable from a view menu or a node click', () => {
  const contributed = new Set(pkg.contributes.commands.map((entry) => entry.command));
  const inViews = new Set(
    [...(pkg.contributes.menus['view/item/context'] ?? []), ...(pkg.contributes.menus['view/title'] ?? [])].map((entry) => entry.command),
  );
  for (const command of NODE_ONLY_COMMANDS) {
    assert.ok(contributed.has(command), `${command} is contributed`);
    assert.ok(inViews.has(command), `${command} is on a view menu`);
  }
});
