/**
 * A plain JSON template for an Avro schema, for the panel's "produce a test event": every field filled
 * with its default when it has one (converted from Avro's JSON encoding to plain JSON), else a value
 * of its type: a union takes its first non-null branch, a logical type a plausible value (now for
 * timestamps, today for dates, a fresh UUID), an enum its default or first symbol.
 */
import { randomUUID } from 'node:crypto';
import type { PlainJson } from './sampleTypes';

type Schema = string | Schema[] | { [key: string]: unknown };

const MAX_DEPTH = 12;

export function avroTemplate(schema: unknown, now: Date = new Date()): PlainJson {
  return new TemplateBuilder(now).build(schema as Schema, '', 0);
}

class TemplateBuilder {
  /** Named types by fullname and by short name, as they are defined. */
  private readonly named = new Map<string, Schema>();

  constructor(private readonly now: Date) {}

  build(schema: Schema, namespace: string, depth: number): PlainJson {
    if (depth > MAX_DEPTH) return null; // a recursive type: stop where a null still reads
    if (typeof schema === 'string') return this.primitive(schema, namespace, depth);
    if (Array.isArray(schema)) {
      const branch = schema.find((candidate) => candidate !== 'null') ?? 'null';
      return this.build(branch, namespace, depth + 1);
    }
    const type = schema.type;
    const logical = typeof schema.logicalType === 'string' ? this.logical(schema.logicalType, schema) : undefined;
    if (logical !== undefined) return logical;
    switch (type) {
      case 'record':
      case 'error': {
        const ns = this.define(schema, namespace);
        const result: Record<string, PlainJson> = {};
        for (const field of Array.isArray(schema.fields) ? (schema.fields as Record<string, unknown>[]) : []) {
          if (typeof field.name !== 'string') continue;
          result[field.name] =
            'default' in field
              ? this.fromDefault(field.type as Schema, field.default, ns)
              : this.build(field.type as Schema, ns, depth + 1);
        }
        return result;
      }
      case 'enum': {
        this.define(schema, namespace);
        const symbols = Array.isArray(schema.symbols) ? (schema.symbols as string[]) : [];
        return typeof schema.default === 'string' ? schema.default : (symbols[0] ?? '');
      }
      case 'fixed':
        this.define(schema, namespace);
        return '00'.repeat(typeof schema.size === 'number' ? schema.size : 0);
      case 'array':
        return [this.build(schema.items as Schema, namespace, depth + 1)];
      case 'map':
        return { key: this.build(schema.values as Schema, namespace, depth + 1) };
      default:
        return typeof type === 'string' || Array.isArray(type) ? this.build(type as Schema, namespace, depth + 1) : null;
    }
  }

  private primitive(name: string, namespace: string, depth: number): PlainJson {
    switch (name) {
      case 'null':
        return null;
      case 'boolean':
        return false;
      case 'int':
      case 'long':
        return 0;
      case 'float':
      case 'double':
        return 0.0;
      case 'string':
        return '';
      case 'bytes':
        return '';
      default: {
        const named = this.named.get(name.includes('.') || !namespace ? name : `${namespace}.${name}`) ?? this.named.get(name);
        return named === undefined ? null : this.build(named, namespace, depth + 1);
      }
    }
  }

  private logical(logicalType: string, schema: Record<string, unknown>): PlainJson | undefined {
    const millis = this.now.getTime();
    switch (logicalType) {
      case 'timestamp-millis':
      case 'local-timestamp-millis':
        return schema.type === 'long' ? millis : undefined;
      case 'timestamp-micros':
      case 'local-timestamp-micros':
        return schema.type === 'long' ? millis * 1000 : undefined;
      case 'timestamp-nanos':
      case 'local-timestamp-nanos':
        return schema.type === 'long' ? String(BigInt(millis) * 1_000_000n) : undefined;
      case 'date':
        return schema.type === 'int' ? Math.floor(millis / 86_400_000) : undefined;
      case 'time-millis':
        return schema.type === 'int' ? millis % 86_400_000 : undefined;
      case 'time-micros':
        return schema.type === 'long' ? (millis % 86_400_000) * 1000 : undefined;
      case 'uuid':
        return schema.type === 'string' ? randomUUID() : undefined;
      case 'decimal':
        // Bytes of the unscaled value: zero.
        return schema.type === 'bytes'
          ? '00'
          : schema.type === 'fixed' && typeof schema.size === 'number'
            ? '00'.repeat(schema.size)
            : undefined;
      default:
        return undefined;
    }
  }

  /** Registers a named type; returns the namespace its fields resolve names in. */
  private define(schema: Record<string, unknown>, namespace: string): string {
    const name = typeof schema.name === 'string' ? schema.name : '';
    const ns = name.includes('.')
      ? name.slice(0, name.lastIndexOf('.'))
      : typeof schema.namespace === 'string'
        ? schema.namespace
        : namespace;
    const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    if (short) {
      this.named.set(ns ? `${ns}.${short}` : short, schema);
      if (!this.named.has(short)) this.named.set(short, schema);
    }
    return ns;
  }

  /** A field default (Avro's JSON encoding: a union's default is its first branch's) as plain JSON. */
  private fromDefault(type: Schema, value: unknown, namespace: string): PlainJson {
    let effective: Schema = type;
    if (Array.isArray(type)) effective = type[0];
    const typeName = typeof effective === 'string' ? effective : (effective as Record<string, unknown>)?.type;
    if ((typeName === 'bytes' || typeName === 'fixed') && typeof value === 'string') {
      // Avro writes bytes defaults as strings of code points 0-255.
      return Buffer.from([...value].map((char) => char.charCodeAt(0) & 0xff)).toString('hex');
    }
    if (typeof effective === 'object' && !Array.isArray(effective) && effective !== null) this.build(effective, namespace, 0);
    return value as PlainJson;
  }
}
