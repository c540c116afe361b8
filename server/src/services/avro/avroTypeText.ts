/**
 * An Avro type as text for people: the one printer behind hovers, the outline, the manifest's schema docs,
 * and the messages of the checker and the compatibility engine.
 *
 * Two forms. `structure` shows the whole type, as a hover's field table or an outline's detail wants it:
 * `long (timestamp-millis)`, `array<string>`, `null | Customer`, with names in `namespace` written short.
 * `kind` says what kind of type it is, as a message wants it: `int`, `array`, `record com.example.Order`,
 * `[null, string]`.
 */
import { namespaceOf, simpleNameOf } from './avroNames';
import type { AvroType } from './avroSchema';

export interface AvroTypeTextOptions {
  /** `structure` (the default) for hovers, outlines and docs; `kind` for messages. */
  form?: 'structure' | 'kind';
  /** In the structure form, names in this namespace are written without it. */
  namespace?: string;
}

/** Nesting shown in the structure form; deeper parts are `…`, so a hover stays readable. */
const MAX_STRUCTURE_DEPTH = 4;

export function avroTypeText(type: AvroType, options: AvroTypeTextOptions = {}): string {
  return options.form === 'kind' ? kindText(type) : structureText(type, options.namespace, 0);
}

function structureText(type: AvroType, namespace: string | undefined, depth: number): string {
  if (depth > MAX_STRUCTURE_DEPTH) return '…';
  const logical = type.logicalType ? ` (${type.logicalType.name})` : '';
  switch (type.kind) {
    case 'primitive':
      return `${type.name}${logical}`;
    case 'array':
      return `array<${structureText(type.items, namespace, depth + 1)}>`;
    case 'map':
      return `map<${structureText(type.values, namespace, depth + 1)}>`;
    case 'union':
      return type.branches.map((branch) => structureText(branch, namespace, depth + 1)).join(' | ');
    case 'reference':
      return type.fullname ? shortName(type.fullname, namespace) : '?';
    default:
      return `${shortName(type.fullname, namespace)}${logical}`;
  }
}

function shortName(fullname: string, namespace: string | undefined): string {
  return namespaceOf(fullname) === namespace ? simpleNameOf(fullname) : fullname;
}

function kindText(type: AvroType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'array':
    case 'map':
      return type.kind;
    case 'record':
    case 'enum':
    case 'fixed':
      return type.fullname ? `${type.kind} ${type.fullname}` : type.kind;
    case 'reference':
      return type.target ? kindText(type.target) : type.name;
    case 'union':
      return `[${type.branches.map(branchText).join(', ')}]`;
  }
}

/** A union branch in the kind form: a named type by its name alone, the list being short already. */
function branchText(type: AvroType): string {
  switch (type.kind) {
    case 'reference':
      return type.target ? branchText(type.target) : type.name;
    case 'record':
    case 'enum':
    case 'fixed':
      return type.fullname || type.kind;
    default:
      return kindText(type);
  }
}
