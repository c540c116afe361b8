import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { validateManifest } from '../../../server/src/services/manifest/validateManifest';
import { WorkspaceIndex } from '../../../server/src/services/workspace/workspaceIndex';
import { isInsideFolder } from '../../../server/src/services/manifest/schemaPaths';
import { createLanguageService } from '../../../server/src/services/index';
import { LineIndex } from '../../../server/src/text/lineIndex';
import { ORDER_SCHEMA, VALID_MANIFEST, withCursor } from '../../support/memoryWorkspace';

const ROOT = 'file:///ws';
const MANIFEST = `${ROOT}/orders/orders.dataproduct.yaml`;
/** A schema outside the project that a careless or hostile path could reach. */
const SECRET = 'file:///etc/passwd';

/** A workspace rooted at /ws whose reader records every file it is asked for. */
function recordingWorkspace(files: Record<string, string>, roots = [ROOT]) {
  const read: string[] = [];
  const texts = new Map(Object.entries(files));
  const index = new WorkspaceIndex(
    {
      readText: (uri) => {
        read.push(uri);
        return texts.get(uri);
      },
    },
    roots,
  );
  index.addFiles(texts.keys());
  return { index, read };
}

function manifestWithSchema(schemaWithCursor: string): { text: string; offset: number } {
  return withCursor(VALID_MANIFEST.replace('schema: schemas/order.avsc', `schema: ${schemaWithCursor}`));
}

describe('schema-path-outside', () => {
  for (const path of ['|../../etc/passwd', '|/etc/passwd', '|../../../../../../etc/passwd', '|schemas/../../../etc/passwd']) {
    test(`${path.slice(1)}: an error on the path, and the file is not read`, () => {
      const { text, offset } = manifestWithSchema(path);
      const { index, read } = recordingWorkspace({ [MANIFEST]: text, [SECRET]: ORDER_SCHEMA.replace('Order', 'Secret') });
      const diagnostics = validateManifest(MANIFEST, text, index).filter((d) => d.code !== 'unknown-input');
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity, d.range.start]),
        [['schema-path-outside', DiagnosticSeverity.Error, new LineIndex(text).positionAt(offset)]],
      );
      assert.match(diagnostics[0].message, /leaves the project folder/);
      assert.ok(!read.includes(SECRET), `read ${read.join(', ')}`);
      // The summary the check kept for other features names no schema for the port either.
      assert.deepEqual(index.portsUsingSchema(SECRET), []);
      assert.equal(index.summaryOf(MANIFEST)?.outputPorts[0].valueSchemaUri, undefined);
    });
  }

  test('paths inside the project are fine: relative, up to a sibling folder, or absolute inside the root', () => {
    for (const path of ['../shared/order.avsc', '/ws/shared/order.avsc', './../shared/./order.avsc']) {
      const { text } = manifestWithSchema(`|${path}`);
      const { index } = recordingWorkspace({ [MANIFEST]: text, [`${ROOT}/shared/order.avsc`]: ORDER_SCHEMA });
      assert.deepEqual(
        validateManifest(MANIFEST, text, index)
          .map((d) => d.code)
          .filter((code) => code !== 'unknown-input'),
        [],
        path,
      );
    }
  });

  test('without a workspace root, the project folder is the manifest folder (datamesh lint adds its project roots)', () => {
    const { text } = manifestWithSchema('|../shared/order.avsc');
    const { index, read } = recordingWorkspace({ [MANIFEST]: text, [`${ROOT}/shared/order.avsc`]: ORDER_SCHEMA }, []);
    const codes = () => validateManifest(MANIFEST, text, index).map((d) => d.code);
    assert.ok(codes().includes('schema-path-outside'));
    assert.ok(!read.includes(`${ROOT}/shared/order.avsc`));
    index.setProjectRoots([ROOT]);
    assert.ok(!codes().includes('schema-path-outside'));
  });

  test('hover says so without reading, go-to-definition offers nothing, and the port has no schema for other features', () => {
    const { text, offset } = manifestWithSchema('../../etc/pa|sswd');
    const read: string[] = [];
    const files = new Map([
      [MANIFEST, text],
      [SECRET, ORDER_SCHEMA],
    ]);
    const service = createLanguageService({
      reader: {
        readText: (uri) => {
          read.push(uri);
          return files.get(uri);
        },
      },
      roots: [ROOT],
    });
    service.addFiles(files.keys());
    const position = new LineIndex(text).positionAt(offset);
    const document = { uri: MANIFEST, text };
    const hover = service.hover(document, position);
    assert.match(JSON.stringify(hover), /leaves the project folder/);
    assert.deepEqual(service.definition(document, position), []);
    assert.ok(!read.includes(SECRET));
  });

  test('isInsideFolder resolves dot segments and compares whole path segments', () => {
    assert.equal(isInsideFolder('file:///ws', 'file:///ws/a/../b.avsc'), true);
    assert.equal(isInsideFolder('file:///ws/', 'file:///ws/b.avsc'), true);
    assert.equal(isInsideFolder('file:///ws', 'file:///ws/../etc/passwd'), false);
    assert.equal(isInsideFolder('file:///ws', 'file:///wsx/b.avsc'), false, 'a sibling with a longer name');
    assert.equal(isInsideFolder('file:///ws', 'untitled:///ws/b.avsc'), false, 'another scheme');
    assert.equal(isInsideFolder('file://host/ws', 'file://other/ws/b.avsc'), false, 'another authority');
  });
});
