/**
 * The Avro 1.12 schema parser and validator: builds the schema model (avroSchema.ts) from the positioned
 * JSON tree and reports every violation of the specification on the narrowest JSON node, with the codes
 * of avroCodes.ts.
 *
 * One pass over the tree builds the model, defines names as it meets them (a record before its fields, so
 * recursive records resolve) and resolves references to the names defined so far. What needs the whole
 * schema waits for the end: references to names defined later (an error: names must be defined before
 * use) or in other files (`externalTypes`), alias conflicts, and field defaults (a default of a record
 * type needs the record's fields).
 *
 * Speed matters (a 10,000-field schema within 1.5x of avsc): each object's properties are read in one
 * loop, names are checked by character codes, maps and sets are used instead of scans, and line/column
 * positions are computed only for the diagnostics that are emitted.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic, type DiagnosticData } from '../diagnostics';
import { LineIndex } from '../../text/lineIndex';
import { parseJson } from '../json/jsonScanner';
import type {
  JsonArrayNode,
  JsonNodeBase,
  JsonObjectNode,
  JsonParseResult,
  JsonPropertyNode,
  JsonStringNode,
  JsonValueNode,
} from '../json/jsonTree';
import type { AvroDiagnosticCode } from './avroCodes';
import { checkDefault, describeJson, type DefaultProblem } from './avroDefaults';
import { checkLogicalType, editDistance, type LogicalTypeBase, type LogicalTypeProblem } from './avroLogicalTypes';
import {
  PRIMITIVE_TYPES,
  isComplexTypeKeyword,
  isPrimitiveType,
  isReservedTypeName,
  isValidFullname,
  isValidNamespace,
  isValidSimpleName,
  javaFallbackName,
  namespaceOf,
  resolveFullname,
  resolveReference,
} from './avroNames';
import type {
  AvroArray,
  AvroEnum,
  AvroField,
  AvroFixed,
  AvroMap,
  AvroNamedType,
  AvroNameUse,
  AvroRecord,
  AvroReference,
  AvroType,
  AvroUnion,
  ParsedAvroSchema,
} from './avroSchema';

export interface AvroParseOptions {
  /**
   * Resolves a fullname that this file uses but does not define, e.g. from the other `.avsc` files of the
   * workspace (as Java's Schema.Parser does when given several files). A reference it resolves is no error.
   */
  externalTypes?: (fullname: string) => AvroNamedType | undefined;
}

export interface AvroParseResult {
  schema: ParsedAvroSchema;
  diagnostics: Diagnostic[];
}

/** Types nested deeper than this are not checked (each level costs a few stack frames; real schemas stay far below). */
export const MAX_SCHEMA_DEPTH = 256;

/** Parses and validates the text of an `.avsc` file. Never throws. */
export function parseAvroSchema(text: string, options: AvroParseOptions = {}): AvroParseResult {
  return parseAvroJson(parseJson(text), text, options);
}

/**
 * Parses and validates an already scanned `.avsc` text. With JSON syntax errors, the model is still built
 * from what parsed (for editor features), but only the syntax errors are reported: Avro problems of
 * half-typed text would be noise.
 */
export function parseAvroJson(json: JsonParseResult, text: string, options: AvroParseOptions = {}): AvroParseResult {
  const parser = new AvroSchemaParser(text, options.externalTypes, json.errors.length > 0);
  const root = json.root === undefined ? undefined : parser.parseType(json.root, undefined, 0);
  parser.finish();
  const schema: ParsedAvroSchema = { root, definitions: parser.definitions, nameUses: parser.nameUses, json: json.root };
  const problems = parser.problems;
  for (const error of json.errors) {
    problems.push({
      start: error.offset,
      end: error.offset + error.length,
      code: 'avro-json-syntax',
      message: `JSON syntax error: ${error.message}.`,
      severity: DiagnosticSeverity.Error,
    });
  }
  if (json.root === undefined && json.errors.length === 0) {
    problems.push({ start: 0, end: 0, code: 'avro-json-syntax', message: 'The schema is empty.', severity: DiagnosticSeverity.Error });
  }
  return { schema, diagnostics: toDiagnostics(text, problems) };
}

interface Problem {
  start: number;
  end: number;
  code: AvroDiagnosticCode;
  message: string;
  severity: DiagnosticSeverity;
  data?: DiagnosticData;
}

function toDiagnostics(text: string, problems: Problem[]): Diagnostic[] {
  if (problems.length === 0) return [];
  problems.sort((a, b) => a.start - b.start || a.end - b.end);
  const lines = new LineIndex(text);
  return problems.map((problem) =>
    makeDiagnostic(lines.rangeOf(problem.start, problem.end), problem.code, problem.message, problem.severity, problem.data),
  );
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, hint: DiagnosticSeverity.Hint } as const;

/** The attributes of a schema object that the specification defines (the rest is metadata). */
class SchemaAttributes {
  type: JsonValueNode | undefined = undefined;
  name: JsonValueNode | undefined = undefined;
  namespace: JsonValueNode | undefined = undefined;
  doc: JsonValueNode | undefined = undefined;
  aliases: JsonValueNode | undefined = undefined;
  fields: JsonValueNode | undefined = undefined;
  symbols: JsonValueNode | undefined = undefined;
  default: JsonValueNode | undefined = undefined;
  items: JsonValueNode | undefined = undefined;
  values: JsonValueNode | undefined = undefined;
  size: JsonValueNode | undefined = undefined;
  logicalType: JsonValueNode | undefined = undefined;
  precision: JsonValueNode | undefined = undefined;
  scale: JsonValueNode | undefined = undefined;
}

/** The attributes of a record field that the specification defines. */
class FieldAttributes {
  name: JsonValueNode | undefined = undefined;
  type: JsonValueNode | undefined = undefined;
  default: JsonValueNode | undefined = undefined;
  order: JsonValueNode | undefined = undefined;
  aliases: JsonValueNode | undefined = undefined;
  doc: JsonValueNode | undefined = undefined;
  logicalType: JsonValueNode | undefined = undefined;
}

interface PendingReference {
  ref: AvroReference;
  /** The string that names the type. */
  node: JsonStringNode;
  namespace: string | undefined;
  /** Written as {"type": "Name"} rather than "Name". */
  objectForm: boolean;
}

interface FieldAlias {
  alias: string;
  node: JsonStringNode;
  field: AvroField;
}

interface TypeAlias {
  fullname: string;
  node: JsonStringNode;
  owner: AvroNamedType;
}

/** The primitive type names, for "did you mean". */
const PRIMITIVE_NAMES: readonly string[] = PRIMITIVE_TYPES;
/** Suggestions cost a scan of the defined names; only the first unresolved references get one. */
const MAX_SUGGESTIONS = 50;

class AvroSchemaParser {
  readonly definitions = new Map<string, AvroNamedType>();
  readonly nameUses: AvroNameUse[] = [];
  readonly problems: Problem[] = [];
  private readonly pending: PendingReference[] = [];
  private readonly defaults: { type: AvroType; value: JsonValueNode }[] = [];
  private readonly typeAliases: TypeAlias[] = [];
  private readonly externalCache = new Map<string, AvroNamedType | undefined>();
  private readonly logicalProblems: LogicalTypeProblem[] = [];
  private tooDeep = false;
  private suggestions = 0;

  constructor(
    private readonly text: string,
    private readonly externalTypes: ((fullname: string) => AvroNamedType | undefined) | undefined,
    /** With JSON syntax errors, Avro problems are not reported. */
    private readonly muted: boolean,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Reporting

  private report(
    at: JsonNodeBase,
    code: AvroDiagnosticCode,
    message: string,
    severity: DiagnosticSeverity = DiagnosticSeverity.Error,
    data?: DiagnosticData,
  ): void {
    if (this.muted) return;
    const problem: Problem = { start: at.offset, end: at.offset + at.length, code, message, severity };
    if (data) problem.data = data;
    this.problems.push(problem);
  }

  private warn(at: JsonNodeBase, code: AvroDiagnosticCode, message: string, data?: DiagnosticData): void {
    this.report(at, code, message, DiagnosticSeverity.Warning, data);
  }

  private duplicateKey(property: JsonPropertyNode): void {
    this.warn(
      property.key,
      'avro-duplicate-key',
      `The key "${property.key.value}" appears more than once in this object; only the last one counts.`,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Types

  /** The type a JSON value declares: a type name, a schema object or a union. */
  parseType(node: JsonValueNode, namespace: string | undefined, depth: number): AvroType {
    if (depth > MAX_SCHEMA_DEPTH) {
      if (!this.tooDeep) {
        this.tooDeep = true;
        this.report(
          brace(node),
          'avro-too-deep',
          `Types are nested more than ${MAX_SCHEMA_DEPTH} levels deep; the types inside are not checked.`,
        );
      }
      return placeholder(node);
    }
    switch (node.type) {
      case 'string':
        return this.parseTypeName(node, namespace);
      case 'object':
        return this.parseObject(node, namespace, depth);
      case 'array':
        return this.parseUnion(node, namespace, depth);
      case 'null':
        this.report(
          node,
          'avro-invalid-type',
          'A schema is a type name string, a JSON object or a union array, not null (did you mean the type "null"?).',
          DiagnosticSeverity.Error,
          { expected: '"null"' },
        );
        return placeholder(node);
      default:
        this.report(
          node,
          'avro-invalid-type',
          `A schema is a type name string, a JSON object or a union array, not ${describeJson(node)}.`,
        );
        return placeholder(node);
    }
  }

  /** A JSON string: a primitive type or a reference to a named type. */
  private parseTypeName(node: JsonStringNode, namespace: string | undefined): AvroType {
    const name = node.value;
    if (isPrimitiveType(name)) return { kind: 'primitive', name, node };
    if (!isValidFullname(name)) {
      this.report(
        node,
        'avro-invalid-type',
        name === ''
          ? 'An empty string is not a type.'
          : `"${name}" is not a type: type names are dot-separated names, each matching [A-Za-z_][A-Za-z0-9_]*.`,
      );
      return placeholder(node);
    }
    return this.reference(node, node, name, namespace, false);
  }

  private reference(
    node: JsonValueNode,
    nameNode: JsonStringNode,
    name: string,
    namespace: string | undefined,
    objectForm: boolean,
  ): AvroReference {
    const fullname = resolveReference(name, namespace);
    const ref: AvroReference = { kind: 'reference', node, name, fullname, target: undefined };
    this.nameUses.push({ fullname, node: nameNode, role: 'reference' });
    const target = this.definitions.get(fullname);
    if (target !== undefined && !objectForm) ref.target = target;
    else this.pending.push({ ref, node: nameNode, namespace, objectForm });
    return ref;
  }

  private parseObject(node: JsonObjectNode, namespace: string | undefined, depth: number): AvroType {
    const attributes = this.readSchemaAttributes(node);
    const typeNode = attributes.type;
    if (typeNode === undefined) {
      this.report(brace(node), 'avro-missing-attribute', 'A schema object needs a `type`.');
      return placeholder(node);
    }
    if (typeNode.type !== 'string') {
      if (typeNode.type === 'object' || typeNode.type === 'array') {
        this.report(
          typeNode,
          'avro-invalid-type',
          'The `type` of a schema object must be a type name such as "record" or "string". A nested schema like this one belongs directly in a field\'s `type`, in `items`, in `values` or in a union.',
        );
        return this.parseType(typeNode, namespace, depth + 1);
      }
      this.report(
        typeNode,
        'avro-invalid-type',
        `The \`type\` of a schema object must be a type name such as "record" or "string", not ${describeJson(typeNode)}.`,
      );
      return placeholder(node);
    }
    const typeName = typeNode.value;
    switch (typeName) {
      case 'record':
      case 'error':
        return this.parseRecord(node, attributes, namespace, depth, typeName === 'error');
      case 'enum':
        return this.parseEnum(node, attributes, namespace);
      case 'fixed':
        return this.parseFixed(node, attributes, namespace);
      case 'array':
        return this.parseArray(node, attributes, namespace, depth);
      case 'map':
        return this.parseMap(node, attributes, namespace, depth);
    }
    if (isPrimitiveType(typeName)) {
      const primitive: AvroType = { kind: 'primitive', name: typeName, node };
      this.applyLogicalType(primitive, { kind: 'primitive', name: typeName }, attributes);
      return primitive;
    }
    if (!isValidFullname(typeName)) {
      this.report(typeNode, 'avro-invalid-type', unknownTypeMessage(typeName, this.suggest(typeName)));
      return placeholder(node);
    }
    // {"type": "com.x.Name"}: Java takes it for a reference; the specification, Python and avsc do not.
    return this.reference(node, typeNode, typeName, namespace, true);
  }

  private readSchemaAttributes(node: JsonObjectNode): SchemaAttributes {
    const attributes = new SchemaAttributes();
    let others: Set<string> | undefined;
    for (const property of node.properties) {
      const value = property.value;
      if (value === undefined) continue;
      let previous: JsonValueNode | undefined;
      switch (property.key.value) {
        case 'type':
          previous = attributes.type;
          attributes.type = value;
          break;
        case 'name':
          previous = attributes.name;
          attributes.name = value;
          break;
        case 'namespace':
          previous = attributes.namespace;
          attributes.namespace = value;
          break;
        case 'doc':
          previous = attributes.doc;
          attributes.doc = value;
          break;
        case 'aliases':
          previous = attributes.aliases;
          attributes.aliases = value;
          break;
        case 'fields':
          previous = attributes.fields;
          attributes.fields = value;
          break;
        case 'symbols':
          previous = attributes.symbols;
          attributes.symbols = value;
          break;
        case 'default':
          previous = attributes.default;
          attributes.default = value;
          break;
        case 'items':
          previous = attributes.items;
          attributes.items = value;
          break;
        case 'values':
          previous = attributes.values;
          attributes.values = value;
          break;
        case 'size':
          previous = attributes.size;
          attributes.size = value;
          break;
        case 'logicalType':
          previous = attributes.logicalType;
          attributes.logicalType = value;
          break;
        case 'precision':
          previous = attributes.precision;
          attributes.precision = value;
          break;
        case 'scale':
          previous = attributes.scale;
          attributes.scale = value;
          break;
        default: {
          // Metadata: allowed, but a repeated key is still worth a word.
          const key = property.key.value;
          if (others === undefined) others = new Set();
          else if (others.has(key)) this.duplicateKey(property);
          others.add(key);
          continue;
        }
      }
      if (previous !== undefined) this.duplicateKey(property);
    }
    return attributes;
  }

  private readFieldAttributes(node: JsonObjectNode): FieldAttributes {
    const attributes = new FieldAttributes();
    let others: Set<string> | undefined;
    for (const property of node.properties) {
      const value = property.value;
      if (value === undefined) continue;
      let previous: JsonValueNode | undefined;
      switch (property.key.value) {
        case 'name':
          previous = attributes.name;
          attributes.name = value;
          break;
        case 'type':
          previous = attributes.type;
          attributes.type = value;
          break;
        case 'default':
          previous = attributes.default;
          attributes.default = value;
          break;
        case 'order':
          previous = attributes.order;
          attributes.order = value;
          break;
        case 'aliases':
          previous = attributes.aliases;
          attributes.aliases = value;
          break;
        case 'doc':
          previous = attributes.doc;
          attributes.doc = value;
          break;
        case 'logicalType':
          previous = attributes.logicalType;
          attributes.logicalType = value;
          break;
        default: {
          const key = property.key.value;
          if (others === undefined) others = new Set();
          else if (others.has(key)) this.duplicateKey(property);
          others.add(key);
          continue;
        }
      }
      if (previous !== undefined) this.duplicateKey(property);
    }
    return attributes;
  }

  // ---------------------------------------------------------------------------------------------
  // Named types

  private parseRecord(
    node: JsonObjectNode,
    attributes: SchemaAttributes,
    namespace: string | undefined,
    depth: number,
    isError: boolean,
  ): AvroRecord {
    const record: AvroRecord = {
      kind: 'record',
      node,
      fullname: '',
      nameNode: undefined,
      namespace,
      aliases: [],
      doc: undefined,
      isError,
      fields: [],
    };
    const what = isError ? 'An error' : 'A record';
    // Defined before its fields are read, so that the fields can refer to it.
    this.defineNamed(record, node, attributes, namespace, what);
    const fieldsNode = attributes.fields;
    if (fieldsNode === undefined) {
      this.report(
        anchor(node, record.nameNode),
        'avro-missing-attribute',
        `${what} needs \`fields\`, an array of fields (it may be empty).`,
        DiagnosticSeverity.Error,
        { missing: ['fields'] },
      );
    } else if (fieldsNode.type !== 'array') {
      this.report(
        fieldsNode,
        'avro-invalid-attribute',
        `\`fields\` must be a JSON array of field objects, not ${describeJson(fieldsNode)}.`,
      );
    } else {
      this.parseFields(record, fieldsNode, depth);
    }
    this.applyLogicalType(record, { kind: 'record' }, attributes);
    return record;
  }

  private parseFields(record: AvroRecord, fieldsNode: JsonArrayNode, depth: number): void {
    const names = new Set<string>();
    const aliases: FieldAlias[] = [];
    for (const item of fieldsNode.items) {
      if (item.type !== 'object') {
        this.report(item, 'avro-invalid-attribute', `A field is a JSON object with a \`name\` and a \`type\`, not ${describeJson(item)}.`);
        continue;
      }
      record.fields.push(this.parseField(item, record.namespace, depth, names, aliases));
    }
    // Field aliases are alternative field names: unique among the names and aliases of the record's fields.
    const owners = new Map<string, AvroField>();
    for (const { alias, node, field } of aliases) {
      if (alias === field.name) continue;
      if (names.has(alias)) {
        this.warn(
          node,
          'avro-alias-conflict',
          `The alias "${alias}" is the name of another field of this record; aliases share the uniqueness rule of field names.`,
        );
        continue;
      }
      const owner = owners.get(alias);
      if (owner !== undefined && owner !== field) {
        this.warn(node, 'avro-alias-conflict', `The alias "${alias}" is already an alias of the field "${owner.name}".`);
        continue;
      }
      owners.set(alias, field);
    }
  }

  private parseField(
    node: JsonObjectNode,
    namespace: string | undefined,
    depth: number,
    names: Set<string>,
    aliases: FieldAlias[],
  ): AvroField {
    const attributes = this.readFieldAttributes(node);
    const field: AvroField = {
      name: '',
      nameNode: undefined,
      node,
      type: placeholder(node),
      order: 'ascending',
      aliases: [],
      doc: undefined,
    };
    const nameNode = attributes.name;
    if (nameNode === undefined) {
      this.report(brace(node), 'avro-missing-attribute', 'A field needs a `name`.', DiagnosticSeverity.Error, { missing: ['name'] });
    } else if (nameNode.type !== 'string') {
      this.report(nameNode, 'avro-invalid-name', `A field's \`name\` must be a string, not ${describeJson(nameNode)}.`);
    } else {
      const name = nameNode.value;
      field.name = name;
      field.nameNode = nameNode;
      if (!isValidSimpleName(name)) {
        this.report(
          nameNode,
          'avro-invalid-name',
          name === ''
            ? 'A field name may not be empty.'
            : `"${name}" is not a valid field name: it must match [A-Za-z_][A-Za-z0-9_]* (no dots).`,
        );
      }
      if (names.has(name)) this.report(nameNode, 'avro-duplicate-field', `The record already has a field named "${name}".`);
      else names.add(name);
    }
    const typeNode = attributes.type;
    if (typeNode === undefined) {
      const what = field.nameNode ? `The field "${field.name}"` : 'A field';
      this.report(anchor(node, field.nameNode), 'avro-missing-attribute', `${what} needs a \`type\`.`, DiagnosticSeverity.Error, {
        missing: ['type'],
      });
    } else {
      field.type = this.parseType(typeNode, namespace, depth + 1);
    }
    const orderNode = attributes.order;
    if (orderNode !== undefined) {
      if (
        orderNode.type === 'string' &&
        (orderNode.value === 'ascending' || orderNode.value === 'descending' || orderNode.value === 'ignore')
      ) {
        field.order = orderNode.value;
      } else {
        const lower = orderNode.type === 'string' ? orderNode.value.toLowerCase() : '';
        const expected = lower === 'ascending' || lower === 'descending' || lower === 'ignore' ? lower : undefined;
        this.report(
          orderNode,
          'avro-invalid-order',
          `A field's \`order\` is "ascending", "descending" or "ignore"${orderNode.type === 'string' ? '' : `, not ${describeJson(orderNode)}`}.`,
          DiagnosticSeverity.Error,
          expected ? { expected: `"${expected}"` } : undefined,
        );
      }
    }
    const aliasesNode = attributes.aliases;
    if (aliasesNode !== undefined) {
      this.readAliases(aliasesNode, (alias, aliasNode) => {
        if (!isValidSimpleName(alias)) {
          this.warn(
            aliasNode,
            'avro-nonstandard-alias',
            `The alias "${alias}" is not a valid field name. The specification accepts any string as an alias (to rename an invalid old name), but Java and avsc reject this one.`,
          );
        }
        field.aliases.push(alias);
        aliases.push({ alias, node: aliasNode, field });
      });
    }
    const docNode = attributes.doc;
    if (docNode !== undefined) {
      if (docNode.type === 'string') field.doc = docNode.value;
      else this.warn(docNode, 'avro-invalid-doc', `\`doc\` should be a string, not ${describeJson(docNode)}.`);
    }
    const defaultNode = attributes.default;
    if (defaultNode !== undefined) {
      field.defaultNode = defaultNode;
      if (typeNode !== undefined) this.defaults.push({ type: field.type, value: defaultNode });
    }
    const logicalTypeNode = attributes.logicalType;
    if (logicalTypeNode !== undefined && typeNode !== undefined && !hasOwnLogicalType(typeNode)) {
      const shown = logicalTypeNode.type === 'string' ? `"${logicalTypeNode.value}"` : 'it';
      const typeText = typeNode.type === 'string' ? `{"type": "${typeNode.value}", "logicalType": ${shown}}` : 'the type object';
      this.warn(
        logicalTypeNode,
        'avro-misplaced-logical-type',
        `A \`logicalType\` on the field is ignored: it belongs inside the field's type, as in ${typeText}.`,
      );
    }
    return field;
  }

  private parseEnum(node: JsonObjectNode, attributes: SchemaAttributes, namespace: string | undefined): AvroEnum {
    const enumType: AvroEnum = {
      kind: 'enum',
      node,
      fullname: '',
      nameNode: undefined,
      namespace,
      aliases: [],
      doc: undefined,
      symbols: [],
      defaultSymbol: undefined,
    };
    this.defineNamed(enumType, node, attributes, namespace, 'An enum');
    const symbolsNode = attributes.symbols;
    const symbols = new Set<string>();
    if (symbolsNode === undefined) {
      this.report(
        anchor(node, enumType.nameNode),
        'avro-missing-attribute',
        'An enum needs `symbols`, an array of symbol names.',
        DiagnosticSeverity.Error,
        { missing: ['symbols'] },
      );
    } else if (symbolsNode.type !== 'array') {
      this.report(symbolsNode, 'avro-invalid-attribute', `\`symbols\` must be a JSON array of strings, not ${describeJson(symbolsNode)}.`);
    } else {
      for (const item of symbolsNode.items) {
        if (item.type !== 'string') {
          this.report(item, 'avro-invalid-symbol', `An enum symbol is a string, not ${describeJson(item)}.`);
          continue;
        }
        const symbol = item.value;
        if (!isValidSimpleName(symbol)) {
          this.report(
            item,
            'avro-invalid-symbol',
            symbol === ''
              ? 'An enum symbol may not be empty.'
              : `"${symbol}" is not a valid enum symbol: it must match [A-Za-z_][A-Za-z0-9_]*.`,
          );
        }
        if (symbols.has(symbol)) {
          this.report(item, 'avro-duplicate-symbol', `The symbol "${symbol}" is already in this enum.`);
          continue;
        }
        symbols.add(symbol);
        enumType.symbols.push(symbol);
      }
    }
    const defaultNode = attributes.default;
    if (defaultNode !== undefined) {
      if (defaultNode.type === 'string' && symbols.has(defaultNode.value)) {
        enumType.defaultSymbol = defaultNode.value;
      } else if (symbolsNode !== undefined && symbolsNode.type === 'array') {
        const what =
          defaultNode.type === 'string'
            ? `"${defaultNode.value}" is not one of the symbols`
            : `must be one of the symbols as a string, not ${describeJson(defaultNode)}`;
        this.report(defaultNode, 'avro-invalid-enum-default', `The enum's \`default\` ${what}.`);
      }
    }
    this.applyLogicalType(enumType, { kind: 'enum' }, attributes);
    return enumType;
  }

  private parseFixed(node: JsonObjectNode, attributes: SchemaAttributes, namespace: string | undefined): AvroFixed {
    const fixed: AvroFixed = { kind: 'fixed', node, fullname: '', nameNode: undefined, namespace, aliases: [], doc: undefined, size: -1 };
    this.defineNamed(fixed, node, attributes, namespace, 'A fixed');
    const sizeNode = attributes.size;
    if (sizeNode === undefined) {
      this.report(
        anchor(node, fixed.nameNode),
        'avro-missing-attribute',
        'A fixed needs a `size`, its number of bytes.',
        DiagnosticSeverity.Error,
        { missing: ['size'] },
      );
    } else if (sizeNode.type !== 'number' || !sizeNode.isInteger || !(sizeNode.value >= 0) || !Number.isFinite(sizeNode.value)) {
      this.report(
        sizeNode,
        'avro-invalid-size',
        `A fixed's \`size\` must be a non-negative integer (its number of bytes), not ${sizeNode.type === 'number' ? sizeNode.value : describeJson(sizeNode)}.`,
      );
    } else {
      fixed.size = sizeNode.value;
      if (sizeNode.value > 2147483647)
        this.warn(sizeNode, 'avro-size-out-of-range', 'A fixed larger than 2147483647 bytes is rejected by Java and avsc.');
    }
    this.applyLogicalType(fixed, { kind: 'fixed', size: fixed.size }, attributes);
    return fixed;
  }

  /** Name, namespace, aliases and doc of a record, enum or fixed; defines its fullname. */
  private defineNamed(
    named: AvroNamedType,
    node: JsonObjectNode,
    attributes: SchemaAttributes,
    enclosing: string | undefined,
    what: string,
  ): void {
    let explicitNamespace: string | undefined;
    const namespaceNode = attributes.namespace;
    // A JSON null namespace counts as absent, as in Java and Python.
    if (namespaceNode !== undefined && namespaceNode.type !== 'null') {
      if (namespaceNode.type !== 'string') {
        this.report(
          namespaceNode,
          'avro-invalid-namespace',
          `\`namespace\` must be a string (empty for the null namespace), not ${describeJson(namespaceNode)}.`,
        );
      } else {
        explicitNamespace = namespaceNode.value;
        if (!isValidNamespace(explicitNamespace)) {
          this.report(
            namespaceNode,
            'avro-invalid-namespace',
            `"${explicitNamespace}" is not a valid namespace: dot-separated names, each matching [A-Za-z_][A-Za-z0-9_]*, or "" for the null namespace.`,
          );
        }
      }
    }
    const nameNode = attributes.name;
    if (nameNode === undefined || nameNode.type !== 'string') {
      if (nameNode === undefined)
        this.report(brace(node), 'avro-missing-attribute', `${what} needs a \`name\`.`, DiagnosticSeverity.Error, { missing: ['name'] });
      else this.report(nameNode, 'avro-invalid-name', `\`name\` must be a string, not ${describeJson(nameNode)}.`);
      named.namespace = explicitNamespace === undefined ? enclosing : explicitNamespace || undefined;
    } else {
      const name = nameNode.value;
      named.nameNode = nameNode;
      const dotted = name.includes('.');
      if (dotted ? !isValidFullname(name) : !isValidSimpleName(name)) {
        this.report(
          nameNode,
          'avro-invalid-name',
          name === ''
            ? 'A name may not be empty.'
            : `"${name}" is not a valid name: ${dotted ? 'each dot-separated part' : 'it'} must match [A-Za-z_][A-Za-z0-9_]*.`,
        );
      }
      if (name !== '') {
        const fullname = resolveFullname(name, explicitNamespace, enclosing);
        named.fullname = fullname;
        named.namespace = namespaceOf(fullname);
        if (isReservedTypeName(fullname)) {
          // The bare name is an error everywhere. A namespaced one is what the specification's "may not be
          // defined in any namespace" seems to forbid, but the reference implementations (Java, Python) and
          // Apache's own test vectors accept it: a warning, since avsc rejects it.
          if (fullname.includes('.')) {
            this.warn(
              nameNode,
              'avro-namespaced-primitive-name',
              `"${fullname}" gives a primitive type name a namespace: Java and Python accept it, avsc rejects it, and the specification discourages it.`,
            );
          } else {
            this.report(nameNode, 'avro-redefined-primitive', `"${fullname}" is a primitive type name, which may not be redefined.`);
          }
        }
        if (this.definitions.has(fullname)) {
          this.report(
            nameNode,
            'avro-redefined-name',
            `"${fullname}" is already defined in this schema; a fullname may be defined only once. To use that type again, write its name: "${fullname}".`,
          );
        } else {
          this.definitions.set(fullname, named);
        }
        this.nameUses.push({ fullname, node: nameNode, role: 'definition' });
      }
    }
    const aliasesNode = attributes.aliases;
    if (aliasesNode !== undefined) {
      // Aliases are relative to the namespace of the name they stand for.
      const space = named.fullname ? namespaceOf(named.fullname) : named.namespace;
      this.readAliases(aliasesNode, (alias, aliasNode) => {
        if (!isValidFullname(alias)) {
          this.warn(
            aliasNode,
            'avro-nonstandard-alias',
            `The alias "${alias}" is not a valid name. The specification accepts any string as an alias (to rename an invalid old name), but Java and avsc reject this one.`,
          );
        }
        const fullname = resolveFullname(alias, undefined, space);
        named.aliases.push(fullname);
        if (named.fullname) {
          this.nameUses.push({ fullname: named.fullname, node: aliasNode, role: 'alias' });
          this.typeAliases.push({ fullname, node: aliasNode, owner: named });
        }
      });
    }
    const docNode = attributes.doc;
    if (docNode !== undefined) {
      if (docNode.type === 'string') named.doc = docNode.value;
      else this.warn(docNode, 'avro-invalid-doc', `\`doc\` should be a string, not ${describeJson(docNode)}.`);
    }
  }

  private readAliases(node: JsonValueNode, each: (alias: string, node: JsonStringNode) => void): void {
    if (node.type !== 'array') {
      this.report(node, 'avro-invalid-alias', `\`aliases\` must be a JSON array of strings, not ${describeJson(node)}.`);
      return;
    }
    for (const item of node.items) {
      if (item.type === 'string') each(item.value, item);
      else this.report(item, 'avro-invalid-alias', `An alias is a string, not ${describeJson(item)}.`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Arrays, maps, unions

  private parseArray(node: JsonObjectNode, attributes: SchemaAttributes, namespace: string | undefined, depth: number): AvroArray {
    const itemsNode = attributes.items;
    let items: AvroType;
    if (itemsNode === undefined) {
      this.report(brace(node), 'avro-missing-attribute', 'An array needs `items`, the schema of its elements.', DiagnosticSeverity.Error, {
        missing: ['items'],
      });
      items = placeholder(node);
    } else {
      items = this.parseType(itemsNode, namespace, depth + 1);
    }
    const array: AvroArray = { kind: 'array', node, items };
    this.applyLogicalType(array, { kind: 'array' }, attributes);
    return array;
  }

  private parseMap(node: JsonObjectNode, attributes: SchemaAttributes, namespace: string | undefined, depth: number): AvroMap {
    const valuesNode = attributes.values;
    let values: AvroType;
    if (valuesNode === undefined) {
      this.report(
        brace(node),
        'avro-missing-attribute',
        'A map needs `values`, the schema of its values (keys are strings).',
        DiagnosticSeverity.Error,
        { missing: ['values'] },
      );
      values = placeholder(node);
    } else {
      values = this.parseType(valuesNode, namespace, depth + 1);
    }
    const map: AvroMap = { kind: 'map', node, values };
    this.applyLogicalType(map, { kind: 'map' }, attributes);
    return map;
  }

  private parseUnion(node: JsonArrayNode, namespace: string | undefined, depth: number): AvroUnion {
    const items = node.items;
    const branches: AvroType[] = [];
    let seen: Map<string, number> | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.type === 'array') {
        this.report(
          item,
          'avro-nested-union',
          'A union may not directly contain another union: list these branches in the outer union instead.',
        );
      }
      const branch = this.parseType(item, namespace, depth + 1);
      branches.push(branch);
      const key = branchKey(branch);
      // A named type that redefines a name is reported as such, not again as a duplicate branch.
      if (key === undefined || (isNamed(branch) && this.definitions.get(branch.fullname) !== branch)) continue;
      seen ??= new Map();
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, i);
      } else {
        const what = key.startsWith('named:') ? `the type "${key.slice(6)}"` : `a branch of type ${key}`;
        this.report(
          item,
          'avro-duplicate-union-branch',
          `The union already has ${what} (branch ${first + 1}); a union may hold each type once, except named types with different names.`,
        );
      }
    }
    if (items.length === 0)
      this.warn(node, 'avro-empty-union', 'An empty union can hold no value, so nothing can be written with it (avsc rejects it).');
    return { kind: 'union', node, branches };
  }

  // ---------------------------------------------------------------------------------------------
  // Logical types

  private applyLogicalType(type: AvroType, base: LogicalTypeBase, attributes: SchemaAttributes): void {
    const logicalType = attributes.logicalType;
    if (logicalType === undefined) return;
    const problems = this.logicalProblems;
    problems.length = 0;
    const result = checkLogicalType(base, { logicalType, precision: attributes.precision, scale: attributes.scale }, problems);
    if (result) type.logicalType = result;
    for (const problem of problems) {
      this.report(
        problem.node,
        problem.code,
        problem.message,
        SEVERITY[problem.level],
        problem.expected ? { expected: `"${problem.expected}"` } : undefined,
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What needs the whole schema

  finish(): void {
    for (const pending of this.pending) this.resolvePending(pending);
    this.checkTypeAliases();
    const problems: DefaultProblem[] = [];
    for (const { type, value } of this.defaults) checkDefault(type, value, this.text, problems);
    for (const problem of problems) this.report(problem.at, problem.code, problem.message, SEVERITY[problem.level]);
    // Definitions are recorded before the fields that precede them in an object; keep text order.
    const uses = this.nameUses;
    for (let i = 1; i < uses.length; i++) {
      if (uses[i].node.offset < uses[i - 1].node.offset) {
        uses.sort((a, b) => a.node.offset - b.node.offset);
        break;
      }
    }
  }

  private resolvePending({ ref, node, namespace, objectForm }: PendingReference): void {
    const name = ref.name;
    const local = this.definitions.get(ref.fullname);
    const target = local ?? this.external(ref.fullname);
    if (objectForm) {
      if (target) {
        ref.target = target;
        this.report(
          node,
          'avro-invalid-type',
          `A named type is referred to by its name alone: write "${name}" instead of {"type": "${name}"} (only Java's parser accepts this form).`,
          DiagnosticSeverity.Error,
          { expected: `"${name}"` },
        );
      } else {
        this.report(node, 'avro-invalid-type', unknownTypeMessage(name, this.suggest(name)));
      }
      return;
    }
    if (local) {
      ref.target = local;
      // Defined after this use: the definition is found, but the order breaks the rule.
      this.report(
        node,
        'avro-forward-reference',
        `"${name}" is used before its definition. The specification requires a name to be defined before it is used (Python and avsc reject this; only Java 1.12 accepts it): move the definition of "${ref.fullname}" here and refer to it by name later.`,
      );
      return;
    }
    if (target) {
      ref.target = target;
      return;
    }
    if (isComplexTypeKeyword(name)) {
      const example =
        name === 'array'
          ? '{"type": "array", "items": ...}'
          : name === 'map'
            ? '{"type": "map", "values": ...}'
            : `{"type": "${name}", "name": ...}`;
      this.report(node, 'avro-invalid-type', `"${name}" is a complex type that needs the object form: ${example}.`);
      return;
    }
    let message = `"${name}" is not a defined type`;
    if (ref.fullname !== name) message += ` (here it means "${ref.fullname}")`;
    message += '.';
    const fallback = javaFallbackName(name, namespace);
    if (fallback !== undefined && (this.definitions.has(fallback) || this.external(fallback))) {
      message += ` A type "${fallback}" exists in the null namespace, but a name without a dot is looked up in the enclosing namespace "${namespace}" (only Java's parser falls back to the null namespace): give "${fallback}" a namespace and refer to it by its fullname.`;
    } else {
      const suggestion = this.suggest(name);
      if (suggestion) {
        this.report(node, 'avro-unresolved-reference', `${message} Did you mean "${suggestion}"?`, DiagnosticSeverity.Error, {
          expected: `"${suggestion}"`,
        });
        return;
      }
    }
    this.report(node, 'avro-unresolved-reference', message);
  }

  private external(fullname: string): AvroNamedType | undefined {
    if (!this.externalTypes) return undefined;
    if (this.externalCache.has(fullname)) return this.externalCache.get(fullname);
    const found = this.externalTypes(fullname);
    this.externalCache.set(fullname, found);
    return found;
  }

  /** A primitive or defined name within two edits of `name` (case-insensitive), for "did you mean". */
  private suggest(name: string): string | undefined {
    if (this.suggestions++ >= MAX_SUGGESTIONS) return undefined;
    const lower = name.toLowerCase();
    let best: string | undefined;
    let bestDistance = name.length <= 3 ? 2 : 3;
    const consider = (candidate: string) => {
      const distance = editDistance(lower, candidate.toLowerCase(), bestDistance);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    };
    for (const primitive of PRIMITIVE_NAMES) consider(primitive);
    for (const fullname of this.definitions.keys()) consider(fullname);
    return best;
  }

  /** Aliases are alternative names, "subject to the same uniqueness constraints as names". */
  private checkTypeAliases(): void {
    if (this.typeAliases.length === 0) return;
    const owners = new Map<string, AvroNamedType>();
    for (const { fullname, node, owner } of this.typeAliases) {
      if (fullname === owner.fullname) continue;
      const defined = this.definitions.get(fullname);
      if (defined !== undefined && defined !== owner) {
        this.warn(
          node,
          'avro-alias-conflict',
          `The alias "${node.value}" stands for "${fullname}", which is the name of another type in this schema; aliases share the uniqueness rule of names.`,
        );
        continue;
      }
      const other = owners.get(fullname);
      if (other !== undefined && other !== owner) {
        this.warn(
          node,
          'avro-alias-conflict',
          `The alias "${node.value}" stands for "${fullname}", which is already an alias of "${other.fullname}".`,
        );
        continue;
      }
      owners.set(fullname, owner);
    }
  }
}

/** The type of something that is not a valid schema: an unresolved reference with an empty name. */
function placeholder(node: JsonValueNode): AvroReference {
  return { kind: 'reference', node, name: '', fullname: '', target: undefined };
}

/** A missing attribute is reported on the type's name when it has one, else on the object's `{`. */
function anchor(node: JsonObjectNode, nameNode: JsonStringNode | undefined): JsonNodeBase {
  return nameNode ?? brace(node);
}

function brace(node: JsonNodeBase): JsonNodeBase {
  return { offset: node.offset, length: Math.min(1, node.length) };
}

/** What makes two union branches the same: the type, or for named types the fullname. */
function branchKey(type: AvroType): string | undefined {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'array':
    case 'map':
      return type.kind;
    case 'record':
    case 'enum':
    case 'fixed':
    case 'reference':
      return type.fullname ? `named:${type.fullname}` : undefined;
    case 'union':
      return undefined;
  }
}

function isNamed(type: AvroType): type is AvroNamedType {
  return type.kind === 'record' || type.kind === 'enum' || type.kind === 'fixed';
}

/** True when a field's type is an object with its own `logicalType` (valid or not). */
function hasOwnLogicalType(typeNode: JsonValueNode): boolean {
  return typeNode.type === 'object' && typeNode.properties.some((property) => property.key.value === 'logicalType');
}

function unknownTypeMessage(name: string, suggestion: string | undefined): string {
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return `Unknown type "${name}": a schema's \`type\` is a primitive type (null, boolean, int, long, float, double, bytes, string) or record, error, enum, array, map or fixed.${hint}`;
}
