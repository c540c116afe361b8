import { readFileSync } from 'node:fs';
import {
  checkSchemaCompatibility,
  versionsUsed,
  type Compatibility,
  type CompatOutcome,
  type SchemaSource,
} from '../../../../server/src/services/index';

export type { CompatFinding, CompatOutcome, CompatReport, InvalidSchema } from '../../../../server/src/services/index';
export { versionsUsed } from '../../../../server/src/services/index';

export class UnreadableSchemaError extends Error {}

/** A schema file with its path as label; UnreadableSchemaError says why it cannot be read. */
export function readSchemaFile(path: string): SchemaSource {
  try {
    return { label: path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EISDIR'
        ? 'it is a folder'
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : (error as Error).message;
    throw new UnreadableSchemaError(`cannot read ${path}: ${reason}`);
  }
}

/** The engine over files: reads the files the mode uses (paths as labels), then checks them. */
export function checkSchemaFiles(mode: Compatibility, nextPath: string, previousPaths: readonly string[]): CompatOutcome {
  const next = readSchemaFile(nextPath);
  const previous = previousPaths.slice(0, versionsUsed(mode, previousPaths.length)).map(readSchemaFile);
  return checkSchemaCompatibility(mode, next, previous);
}
