import { propertyValue, type JsonValueNode } from '../../json/jsonTree';
import type { AvroEnum, AvroField, AvroFixed, AvroNamedType, AvroRecord, AvroType, AvroUnion } from '../avroSchema';
import { escapePointerToken, type Incompatibility, type IncompatibilityType } from './incompatibility';
import { avroTypeText } from '../avroTypeText';

/** Messages name a type by its kind: `int`, `record com.example.Order`, `[null, string]`. */
const KIND = { form: 'kind' } as const;

/**
 * Avro schema resolution ("Schema Resolution" in the specification) as a compatibility check: can a reader
 * with schema `reader` decode every datum written with schema `writer`? Returns every incompatibility found
 * (empty = compatible).
 *
 * This follows Java's `org.apache.avro.SchemaCompatibility` (1.12) step for step, because the registry
 * (Confluent's, and Apicurio's ccompat API) uses it, so a verdict here is the registry's verdict:
 * - the same findings, locations (Java's location stack) and detail messages, in the same order;
 * - pairs are memoized by identity of the (resolved) schema objects, which is what ends recursion; a pair
 *   met again reports the findings (and locations) of its first check, as Java does;
 * - named types match when their simple names are equal (namespaces are not compared) or a reader alias is
 *   the writer's fullname; fields match by name or by a reader field alias;
 * - a union is checked branch by branch on a fresh location stack whose findings are not kept, only a
 *   MISSING_UNION_BRANCH at the union;
 * - a reader field missing in the writer, without a default, whose type is an enum with a default, is
 *   checked as that enum against the writer record (so it is a TYPE_MISMATCH, not a missing default).
 * Java throws when a reader field matches several writer fields (its name and an alias, or two aliases);
 * here the first match (the name, then the aliases in order) is taken.
 * Unresolved references (the parser reports them) are skipped: nothing can be said about them.
 */
export function checkReaderWriter(reader: AvroType, writer: AvroType): Incompatibility[] {
  return new ReaderWriterChecker().check(ROOT_TOKEN, reader, writer, []);
}

/** Whether `reader` can decode everything `writer` can produce. */
export function canRead(reader: AvroType, writer: AvroType): boolean {
  return checkReaderWriter(reader, writer).length === 0;
}

/** A type with references resolved to their definitions. */
export type ResolvedType = Exclude<AvroType, { kind: 'reference' }>;

const ROOT_TOKEN = '';
const IN_PROGRESS = Symbol('in progress');
type MemoEntry = Incompatibility[] | typeof IN_PROGRESS;

/** Follows a reference to its definition; undefined when it does not resolve. */
export function resolveType(type: AvroType): ResolvedType | undefined {
  let current: AvroType | undefined = type;
  // A reference's target is a named type, never another reference; the bound only guards malformed models.
  for (let hops = 0; current && current.kind === 'reference' && hops < 16; hops++) current = current.target;
  return current && current.kind !== 'reference' ? current : undefined;
}

/** Java's `Schema.Type` name: `INT`, `RECORD`, ... */
export function javaTypeName(type: ResolvedType): string {
  return (type.kind === 'primitive' ? type.name : type.kind).toUpperCase();
}

class ReaderWriterChecker {
  /** Reader -> writer -> result; IN_PROGRESS while the pair is on the stack (recursion counts as compatible). */
  private readonly memo = new Map<ResolvedType, Map<ResolvedType, MemoEntry>>();

  /**
   * Java's `getCompatibility(referenceToken, reader, writer, location)`. `reader` and `writer` are the types
   * as written (a reference stays a reference, so a finding can point at the use); identity is the
   * resolved type's.
   */
  check(token: string, reader: AvroType, writer: AvroType, location: string[]): Incompatibility[] {
    location.push(token);
    let result: Incompatibility[] = [];
    const r = resolveType(reader);
    const w = resolveType(writer);
    if (r && w) {
      let row = this.memo.get(r);
      if (!row) this.memo.set(r, (row = new Map()));
      const memoized = row.get(w);
      if (memoized !== undefined) {
        result = memoized === IN_PROGRESS ? [] : memoized;
      } else {
        row.set(w, IN_PROGRESS);
        result = this.calculate(reader, r, w, location);
        row.set(w, result);
      }
    }
    location.pop();
    return result;
  }

  /** Java's public `getCompatibility(reader, writer)`: a fresh location stack, the same memo. */
  private checkFresh(reader: AvroType, writer: AvroType): Incompatibility[] {
    return this.check(ROOT_TOKEN, reader, writer, []);
  }

  private calculate(readerUse: AvroType, r: ResolvedType, w: ResolvedType, location: string[]): Incompatibility[] {
    if (sameJavaType(r, w)) {
      switch (r.kind) {
        case 'primitive':
          return [];
        case 'array':
          return this.check('items', r.items, (w as typeof r).items, location);
        case 'map':
          return this.check('values', r.values, (w as typeof r).values, location);
        case 'fixed':
          return [...this.checkNames(r, w as AvroFixed, location), ...this.checkFixedSize(r, w as AvroFixed, location)];
        case 'enum':
          return [...this.checkNames(r, w as AvroEnum, location), ...this.checkEnumSymbols(r, w as AvroEnum, location)];
        case 'record':
          return [...this.checkNames(r, w as AvroRecord, location), ...this.checkRecordFields(r, w as AvroRecord, location)];
        case 'union': {
          // Every writer branch must be readable by the reader union.
          const result: Incompatibility[] = [];
          (w as AvroUnion).branches.forEach((writerBranch, index) => {
            location.push(String(index));
            if (this.checkFresh(readerUse, writerBranch).length > 0) {
              const branch = resolveType(writerBranch);
              const branchName = branch ? javaTypeName(branch) : 'UNKNOWN';
              result.push(
                this.incompatible(
                  'MISSING_UNION_BRANCH',
                  r,
                  w,
                  `reader union lacking writer type: ${branchName}`,
                  location,
                  readerUse.node,
                  `The reader's union has no branch that can read the writer's ${branch ? avroTypeText(branch, KIND) : 'type'} (writer branch ${index}).`,
                ),
              );
            }
            location.pop();
          });
          return result;
        }
      }
    }

    // A reader that can read every branch of a writer union can read the union.
    if (w.kind === 'union') {
      const result: Incompatibility[] = [];
      w.branches.forEach((branch, index) => result.push(...this.check(String(index), readerUse, branch, location)));
      return result;
    }

    if (r.kind === 'primitive' && w.kind === 'primitive' && isPromotion(w.name, r.name)) return [];
    if (r.kind === 'union') {
      for (const readerBranch of r.branches) {
        if (this.checkFresh(readerBranch, w).length === 0) return [];
      }
      return [
        this.incompatible(
          'MISSING_UNION_BRANCH',
          r,
          w,
          `reader union lacking writer type: ${javaTypeName(w)}`,
          location,
          readerUse.node,
          `The reader's union has no branch that can read the writer's ${avroTypeText(w, KIND)}.`,
        ),
      ];
    }
    return [this.typeMismatch(readerUse, r, w, location)];
  }

  private checkRecordFields(reader: AvroRecord, writer: AvroRecord, location: string[]): Incompatibility[] {
    const result: Incompatibility[] = [];
    location.push('fields');
    reader.fields.forEach((readerField, position) => {
      location.push(String(position));
      const writerField = lookupWriterField(writer, readerField);
      if (writerField) {
        result.push(...this.check('type', readerField.type, writerField.type, location));
      } else if (readerField.defaultNode === undefined) {
        const fieldType = resolveType(readerField.type);
        if (fieldType?.kind === 'enum' && fieldType.defaultSymbol !== undefined) {
          // Java's special case: the enum's own default stands in for the field default, checked against the writer record.
          result.push(...this.check('type', readerField.type, writer, location));
        } else {
          result.push(
            this.incompatible(
              'READER_FIELD_MISSING_DEFAULT_VALUE',
              reader,
              writer,
              readerField.name,
              location,
              readerField.node,
              `The reader's field \`${readerField.name}\` has no default value and the writer's ${avroTypeText(writer, KIND)} has no such field${aliasNote(readerField)}.`,
            ),
          );
        }
      }
      location.pop();
    });
    location.pop();
    return result;
  }

  private checkEnumSymbols(reader: AvroEnum, writer: AvroEnum, location: string[]): Incompatibility[] {
    const readerSymbols = new Set(reader.symbols);
    // Java collects them in a TreeSet: sorted by UTF-16 code units, as Array.prototype.sort does.
    const missing = [...new Set(writer.symbols)].filter((symbol) => !readerSymbols.has(symbol)).sort();
    if (missing.length === 0) return [];
    if (reader.defaultSymbol !== undefined && readerSymbols.has(reader.defaultSymbol)) return [];
    location.push('symbols');
    const finding = this.incompatible(
      'MISSING_ENUM_SYMBOLS',
      reader,
      writer,
      `[${missing.join(', ')}]`,
      location,
      objectProperty(reader.node, 'symbols'),
      `The reader's ${avroTypeText(reader, KIND)} lacks the writer's symbol${missing.length === 1 ? '' : 's'} ${missing.join(', ')} and has no default symbol.`,
    );
    location.pop();
    return [finding];
  }

  private checkFixedSize(reader: AvroFixed, writer: AvroFixed, location: string[]): Incompatibility[] {
    if (reader.size === writer.size) return [];
    location.push('size');
    const finding = this.incompatible(
      'FIXED_SIZE_MISMATCH',
      reader,
      writer,
      `expected: ${writer.size}, found: ${reader.size}`,
      location,
      objectProperty(reader.node, 'size'),
      `The reader's ${avroTypeText(reader, KIND)} has size ${reader.size}, the writer's ${avroTypeText(writer, KIND)} has size ${writer.size}.`,
    );
    location.pop();
    return [finding];
  }

  private checkNames(reader: AvroNamedType, writer: AvroNamedType, location: string[]): Incompatibility[] {
    if (schemaNamesMatch(reader, writer)) return [];
    location.push('name');
    const finding = this.incompatible(
      'NAME_MISMATCH',
      reader,
      writer,
      `expected: ${writer.fullname}`,
      location,
      reader.nameNode ?? reader.node,
      `The reader's ${avroTypeText(reader, KIND)} does not match the writer's name ${writer.fullname}: add it to the reader's aliases to read it.`,
    );
    location.pop();
    return [finding];
  }

  private typeMismatch(readerUse: AvroType, r: ResolvedType, w: ResolvedType, location: string[]): Incompatibility {
    return this.incompatible(
      'TYPE_MISMATCH',
      r,
      w,
      `reader type: ${javaTypeName(r)} not compatible with writer type: ${javaTypeName(w)}`,
      location,
      readerUse.node,
      `The reader's ${avroTypeText(r, KIND)} cannot read the writer's ${avroTypeText(w, KIND)}.`,
    );
  }

  private incompatible(
    type: IncompatibilityType,
    reader: ResolvedType,
    writer: ResolvedType,
    detail: string,
    location: readonly string[],
    readerNode: JsonValueNode | undefined,
    message: string,
  ): Incompatibility {
    return { type, location: pointerOf(location), message, detail, reader, writer, readerNode };
  }
}

/** Java's `Incompatibility.getLocation()`: the stack without its root token, as a JSON Pointer. */
function pointerOf(location: readonly string[]): string {
  return `/${location.slice(1).map(escapePointerToken).join('/')}`;
}

function sameJavaType(r: ResolvedType, w: ResolvedType): boolean {
  if (r.kind === 'primitive' || w.kind === 'primitive')
    return r.kind === w.kind && (r as { name: string }).name === (w as { name: string }).name;
  return r.kind === w.kind;
}

/** The promotions of the specification: the writer's type `from` is read as `to`. */
const PROMOTIONS: Record<string, readonly string[]> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  bytes: ['string'],
  string: ['bytes'],
};

export function isPromotion(from: string, to: string): boolean {
  return PROMOTIONS[to]?.includes(from) ?? false;
}

/**
 * Java's `schemaNameEquals`: the simple names are equal, or a reader alias is the writer's fullname.
 * (Java compares `getName()`, the name without its namespace.)
 */
export function schemaNamesMatch(reader: AvroNamedType, writer: AvroNamedType): boolean {
  return simpleName(reader.fullname) === simpleName(writer.fullname) || reader.aliases.includes(writer.fullname);
}

/** Java's `lookupWriterField`, taking the first match where Java throws on several. */
export function lookupWriterField(writer: AvroRecord, readerField: AvroField): AvroField | undefined {
  for (const name of [readerField.name, ...readerField.aliases]) {
    const found = fieldNamed(writer, name);
    if (found) return found;
  }
  return undefined;
}

function fieldNamed(record: AvroRecord, name: string): AvroField | undefined {
  for (const field of record.fields) if (field.name === name) return field;
  return undefined;
}

function simpleName(fullname: string): string {
  return fullname.slice(fullname.lastIndexOf('.') + 1);
}

function objectProperty(node: JsonValueNode, key: string): JsonValueNode | undefined {
  return node.type === 'object' ? (propertyValue(node, key) ?? node) : node;
}

function aliasNote(field: AvroField): string {
  return field.aliases.length > 0 ? ` (nor one named by its aliases ${field.aliases.join(', ')})` : '';
}
