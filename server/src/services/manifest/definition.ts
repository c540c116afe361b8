import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Location, Position, Range } from 'vscode-languageserver-types';
import { parseYamlCached } from '../yaml/parseCache';
import { keyOf, type JsonPath, type PositionedYaml } from '../yaml/positionedYaml';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Go to definition in a manifest: a `schema:` path opens the `.avsc`; an input port's `product:` and
 * `deprecation.replacement` open the other product's manifest at its id; an input port's `port:` opens
 * the port's `name` in that manifest. The cursor may be on the key or on the value.
 */
export function findManifestDefinition(uri: string, text: string, position: Position, workspace: WorkspaceIndex): Location[] {
  const yaml = parseYamlCached(text);
  const { path } = yaml.locate(yaml.lines.offsetAt(position));
  return definitionAt(uri, yaml, path, workspace);
}

function definitionAt(uri: string, yaml: PositionedYaml, path: JsonPath, workspace: WorkspaceIndex): Location[] {
  const [first, index, field, leaf] = path;
  if (
    path.length === 4 &&
    first === 'outputPorts' &&
    typeof index === 'number' &&
    (field === 'key' || field === 'value') &&
    leaf === 'schema'
  ) {
    const schemaPath = stringValue(yaml.nodeAt(path));
    if (!schemaPath) return [];
    const target = workspace.schemaTarget(uri, schemaPath);
    return target?.inside && workspace.exists(target.uri) ? [{ uri: target.uri, range: FILE_START }] : [];
  }
  if (path.length === 3 && first === 'inputPorts' && typeof index === 'number') {
    if (field === 'product') return productLocation(stringValue(yaml.nodeAt(path)), workspace);
    if (field === 'port') {
      const productId = stringValue(yaml.nodeAt(['inputPorts', index, 'product']));
      const portName = stringValue(yaml.nodeAt(path));
      return productId && portName ? portLocation(productId, portName, workspace) : [];
    }
    return [];
  }
  if (path.length === 2 && first === 'deprecation' && index === 'replacement') {
    return productLocation(stringValue(yaml.nodeAt(path)), workspace);
  }
  return [];
}

function productLocation(id: string | undefined, workspace: WorkspaceIndex): Location[] {
  if (!id) return [];
  const product = workspace.product(id);
  // A product known only from the catalog has no file to open.
  if (!product?.uri) return [];
  return [{ uri: product.uri, range: product.idRange ?? FILE_START }];
}

function portLocation(productId: string, portName: string, workspace: WorkspaceIndex): Location[] {
  const product = workspace.product(productId);
  if (!product?.uri) return [];
  const text = workspace.readText(product.uri);
  if (text === undefined) return [];
  const other = parseYamlCached(text);
  const ports = other.nodeAt(['outputPorts']);
  if (!ports || !isSeq(ports)) return [];
  for (let i = 0; i < ports.items.length; i++) {
    const item = ports.items[i] as Node | null;
    if (!item || !isMap(item)) continue;
    const namePair = (item.items as Pair[]).find((pair) => keyOf(pair) === 'name');
    if (namePair && stringValue(namePair.value as Node | null) === portName) {
      const range = other.valueRange(['outputPorts', i, 'name']);
      if (range) return [{ uri: product.uri, range }];
    }
  }
  return [];
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (!node || !isScalar(node)) return undefined;
  return typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
}
