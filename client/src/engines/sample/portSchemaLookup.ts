/**
 * Which workspace schema a topic's events should follow: the `value.schema` of the output port that
 * declares the topic, in the manifests given (the editor passes the workspace's). Pure: the caller
 * reads the files.
 */
import { parse } from 'yaml';

export interface ManifestText {
  /** The manifest's path (absolute, or anything `resolve` understands). */
  path: string;
  text: string;
}

export interface PortSchemaRef {
  manifestPath: string;
  productId: string;
  portName: string;
  /** The `value.schema` as written: relative to the manifest's folder. */
  schema: string;
}

/** Every port that declares the topic with an Avro value schema, in the order of the manifests. */
export function portSchemasForTopic(manifests: readonly ManifestText[], topic: string): PortSchemaRef[] {
  const found: PortSchemaRef[] = [];
  for (const manifest of manifests) {
    let document: unknown;
    try {
      document = parse(manifest.text);
    } catch {
      continue; // a manifest that does not parse declares nothing yet
    }
    if (!isObject(document) || !Array.isArray(document.outputPorts)) continue;
    for (const port of document.outputPorts) {
      if (!isObject(port) || port.topic !== topic || !isObject(port.value)) continue;
      if (typeof port.value.schema !== 'string' || port.value.schema.trim() === '') continue;
      found.push({
        manifestPath: manifest.path,
        productId: typeof document.id === 'string' ? document.id : '',
        portName: typeof port.name === 'string' ? port.name : '',
        schema: port.value.schema,
      });
    }
  }
  return found;
}

/** The topics of a manifest's output ports with the 0-based line of each `topic:` key, for code lenses. */
export function portTopicLines(text: string): { topic: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  const result: { topic: string; line: number }[] = [];
  let inOutputPorts = false;
  lines.forEach((line, index) => {
    if (/^\S/.test(line)) inOutputPorts = /^outputPorts\s*:/.test(line);
    if (!inOutputPorts) return;
    const match = /^\s*(?:-\s+)?topic\s*:\s*["']?([A-Za-z0-9._-]+)["']?\s*(?:#.*)?$/.exec(line);
    if (match) result.push({ topic: match[1], line: index });
  });
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
