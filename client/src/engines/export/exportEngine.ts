/**
 * The export engine: a manifest on disk, checked with the editor's checks, → ODPS or ODCS YAML. The
 * editor and `datamesh export` share it; the mappings themselves are pure (odpsMapping.ts, odcsMapping.ts).
 */
import { resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parse, stringify } from 'yaml';
import { summarizeManifest } from '../../../../server/src/services/index';
import { nodeFileReader } from '../../../../server/src/disk/index';
import { lintPaths, type LintedFile } from '../lint/lintEngine';
import type { AvroSchema, ExportManifest, ExportSource, PortSchemas } from './exportTypes';
import { toOdcsContracts } from './odcsMapping';
import { toOdpsProduct } from './odpsMapping';

export const EXPORT_TARGETS = ['odps', 'odcs'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/** The ODCS `servers` host when no bootstrap is known: the standard requires one, the manifest names none. */
export const UNKNOWN_KAFKA_HOST = 'unspecified';

export interface ExportOptions {
  /** The Kafka bootstrap servers written in ODCS `servers`. */
  host?: string;
}

/** The manifest has errors (its lint diagnostics, the files they belong to): nothing is exported. */
export class InvalidManifestError extends Error {
  constructor(readonly files: LintedFile[]) {
    super('the manifest has errors; fix them before exporting');
  }
}

/** The manifest could not be read at all. */
export class UnreadableManifestError extends Error {}

/** The manifest and its schemas, after the same checks as `datamesh lint`; throws when they fail. */
export async function loadExportSource(manifestPath: string): Promise<ExportSource> {
  const uri = URI.file(resolve(manifestPath)).toString();
  const text = nodeFileReader.readText(uri);
  if (text === undefined) throw new UnreadableManifestError(`cannot read ${manifestPath}`);
  const summary = summarizeManifest(uri, text);
  // The port schemas are checked too: an export must not describe a schema the registry would refuse.
  const schemaPaths = (summary?.outputPorts ?? [])
    .flatMap((port) => [port.keySchemaUri, port.valueSchemaUri])
    .filter((schemaUri): schemaUri is string => schemaUri !== undefined && nodeFileReader.readText(schemaUri) !== undefined)
    .map((schemaUri) => URI.parse(schemaUri).fsPath);
  const linted = await lintPaths({ paths: [manifestPath, ...new Set(schemaPaths)] });
  const withErrors = linted.filter((file) =>
    file.diagnostics.some((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error),
  );
  if (withErrors.length > 0) throw new InvalidManifestError(withErrors);

  // Checked above: the text parses and has the manifest's shape (product spec §1).
  const manifest = parse(text) as ExportManifest;
  const schemas = new Map<string, PortSchemas>();
  for (const port of summary?.outputPorts ?? []) {
    schemas.set(port.name, { key: readSchema(port.keySchemaUri), value: readSchema(port.valueSchemaUri) });
  }
  return { manifest, schemas };
}

function readSchema(uri: string | undefined): AvroSchema | undefined {
  if (uri === undefined) return undefined;
  const text = nodeFileReader.readText(uri);
  return text === undefined ? undefined : (JSON.parse(text) as AvroSchema);
}

/** The export as YAML: one document for ODPS, one document per output port for ODCS. */
export function renderExport(source: ExportSource, target: ExportTarget, options: ExportOptions = {}): string {
  if (target === 'odps') return stringify(toOdpsProduct(source.manifest), { lineWidth: 0 });
  return toOdcsContracts(source.manifest, source.schemas, { host: options.host ?? UNKNOWN_KAFKA_HOST })
    .map((contract) => stringify(contract, { lineWidth: 0 }))
    .join('---\n');
}

/** Reads, checks and maps a manifest on disk. */
export async function exportManifest(manifestPath: string, target: ExportTarget, options: ExportOptions = {}): Promise<string> {
  return renderExport(await loadExportSource(manifestPath), target, options);
}
