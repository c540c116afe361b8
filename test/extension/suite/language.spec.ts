// The language server's features as the editor gets them: diagnostics, completion, hover, definition.
import assert from 'node:assert/strict';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { ORDER_V1, ordersManifest } from './fixtures';
import { codeOf, diagnosticsOf, extensionApi, RUN, writeWorkspaceFile } from './support';

describe('language features in the editor', function () {
  this.timeout(120_000);
  const domain = `lang${RUN}`;
  let manifest: vscode.Uri;
  let schema: vscode.Uri;
  let document: vscode.TextDocument;

  /** The position of the first `text` in the manifest, plus `offset` characters. */
  const at = (text: string, offset = 0) => document.positionAt(document.getText().indexOf(text) + offset);

  before(async () => {
    await extensionApi();
    schema = writeWorkspaceFile(`schemas/${domain}-order.avsc`, JSON.stringify(ORDER_V1, null, 2));
    manifest = writeWorkspaceFile(
      `${domain}.dataproduct.yaml`,
      ordersManifest({ domain, id: `${domain}.wrong`, topic: `${domain}.orders.v1`, schema: `schemas/${domain}-order.avsc` }),
    );
    document = await vscode.workspace.openTextDocument(manifest);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'dataproduct');
  });

  it('reports an id that is not <domain>.<name> as id-mismatch, from the datamesh server', async () => {
    const diagnostics = await diagnosticsOf(manifest, (found) => found.length > 0);
    assert.deepEqual(diagnostics.map(codeOf), ['id-mismatch']);
    assert.equal(diagnostics[0].source, 'datamesh');
    assert.equal(diagnostics[0].range.start.line, at(`id: ${domain}.wrong`).line);
  });

  it('completes the missing top-level keys on an empty line', async () => {
    const end = new vscode.Position(document.lineCount - 1, 0);
    assert.equal(document.lineAt(end.line).text, '', 'the manifest ends with an empty line');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', manifest, end);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const key of ['tags', 'sla', 'inputPorts']) assert.ok(labels.includes(key), `completion offers ${key}: ${JSON.stringify(labels)}`);
    for (const present of ['owner', 'tier']) assert.ok(!labels.includes(present), `completion does not offer ${present} again`);
  });

  it('explains a key on hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', manifest, at('tier:', 1));
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(text, /criticality/);
  });

  it('marks a misspelt Avro type, and its quick fix repairs it', async () => {
    const typo = { ...ORDER_V1, fields: [...ORDER_V1.fields, { name: 'note', type: 'strng' }] };
    const uri = writeWorkspaceFile(`schemas/${domain}-typo.avsc`, JSON.stringify(typo, null, 2));
    const avsc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(avsc);
    assert.equal(avsc.languageId, 'avro');
    const diagnostics = await diagnosticsOf(uri, (found) => found.length > 0);
    assert.deepEqual(diagnostics.map(codeOf), ['avro-unresolved-reference']);
    assert.match(diagnostics[0].message, /"strng" is not a defined type[^]*Did you mean "string"\?/);
    assert.equal(avsc.getText(diagnostics[0].range), '"strng"');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostics[0].range,
    );
    const fix = actions.find((action) => action.title === 'Change to "string"');
    assert.ok(fix?.edit, `a quick fix among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(avsc.getText(), /"type": "string"\s*}\s*\]/);
    await diagnosticsOf(uri, (found) => found.length === 0);
  });

  it("goes from a port's schema to the .avsc", async () => {
    const targets = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      manifest,
      at(`schemas/${domain}-order.avsc`, 3),
    );
    const uris = targets.map((target) => ('targetUri' in target ? target.targetUri : target.uri).toString());
    assert.deepEqual(uris, [schema.toString()]);
  });
});
