/**
 * Decodes one payload (a key or a value): Confluent wire-format Avro through the schema cache, JSON,
 * UTF-8 text, or hex with the reason no decoder took it. Nothing is ever dropped: whatever fails
 * becomes a binary value that says why.
 *
 * Detection ("auto"): the wire format's magic byte and a schema the registry knows make Avro; a JSON
 * object or array makes JSON (a bare `123` or `true` stays text, as most string keys would be
 * misread otherwise); valid UTF-8 without control characters makes text; anything else is binary.
 */
import { isUtf8 } from 'node:buffer';
import { avroBinaryReader } from './avroBinaryReader';
import { isSchemaFailure, registrationFor, type SchemaCache } from './schemaCache';
import type { BinaryValue, DecodedPayload, FormatChoice, PlainJson } from './sampleTypes';
import { WIRE_HEADER_SIZE, wireSchemaId } from './wireFormat';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The schema ids a payload needs before it can be decoded synchronously. */
export function schemaIdNeeded(bytes: Buffer | null, choice: FormatChoice): number | undefined {
  if (!bytes || (choice !== 'auto' && choice !== 'avro')) return undefined;
  return wireSchemaId(bytes);
}

/**
 * Decodes with the schemas already in the cache (load the ids of schemaIdNeeded first); an id that is
 * not loaded yet counts as a failure to fetch it.
 */
export function decodePayload(bytes: Buffer | null, choice: FormatChoice, schemas: SchemaCache, subject?: string): DecodedPayload {
  if (bytes === null) return { format: choice === 'auto' || choice === 'binary' ? 'json' : choice, value: null, size: 0 };
  switch (choice) {
    case 'avro':
      return decodeAvro(bytes, schemas, subject) ?? binary(bytes, 'not in the Confluent wire format (no magic byte 0 and schema id)');
    case 'json':
      return decodeJson(bytes, true);
    case 'text':
      return decodeText(bytes, true);
    case 'binary':
      return binary(bytes, 'shown as bytes (binary chosen)');
    case 'auto':
      return decodeAuto(bytes, schemas, subject);
  }
}

/** Detection in one pass over the bytes: the UTF-8 text is decoded once, and nothing is built for a decoder that does not apply. */
function decodeAuto(bytes: Buffer, schemas: SchemaCache, subject?: string): DecodedPayload {
  // A leading 0 byte is never JSON or text: a wire-format payload is Avro, or binary saying why not.
  const avro = decodeAvro(bytes, schemas, subject);
  if (avro) return avro;
  const text = utf8Text(bytes);
  if (typeof text !== 'string')
    return binary(bytes, `not Avro in the Confluent wire format, not a JSON object or array, and not UTF-8 text: ${text.error}`);
  const first = firstNonSpace(text);
  if (first === '{' || first === '[') {
    try {
      return { format: 'json', value: JSON.parse(text) as PlainJson, size: bytes.length };
    } catch {
      // Text that starts like JSON: shown as the text it is.
    }
  }
  const control = firstControlCharacter(text);
  if (control >= 0) {
    return binary(
      bytes,
      `not Avro in the Confluent wire format, not a JSON object or array, and not text: control character U+${text.charCodeAt(control).toString(16).padStart(4, '0')} at character ${control}`,
    );
  }
  return { format: 'text', value: text, size: bytes.length };
}

function firstNonSpace(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return char;
  }
  return undefined;
}

function decodeAvro(bytes: Buffer, schemas: SchemaCache, preferredSubject?: string): DecodedPayload | undefined {
  const id = wireSchemaId(bytes);
  if (id === undefined) return undefined;
  const schema = schemas.peek(id);
  if (schema === undefined) return binary(bytes, `Confluent wire format with schema id ${id}, whose schema has not been fetched`);
  if (isSchemaFailure(schema)) return binary(bytes, `Confluent wire format, but ${schema.reason}`, id);
  let decoded: PlainJson;
  try {
    const { value, end } = avroBinaryReader(schema.type)(bytes, WIRE_HEADER_SIZE);
    if (end !== bytes.length)
      return binary(bytes, `the Avro body has ${bytes.length - end} bytes left over after a value of schema id ${id}`, id);
    decoded = value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return binary(
      bytes,
      /truncated/.test(reason)
        ? `the Avro body is truncated for schema id ${id}`
        : `the Avro body does not decode with schema id ${id}: ${reason}`,
      id,
    );
  }
  const registration = registrationFor(schema, preferredSubject);
  // Two literals rather than a spread: this runs for every Avro key and value.
  return registration
    ? { format: 'avro', value: decoded, schemaId: id, subject: registration.subject, version: registration.version, size: bytes.length }
    : { format: 'avro', value: decoded, schemaId: id, size: bytes.length };
}

function decodeJson(bytes: Buffer, forced: boolean): DecodedPayload {
  const text = utf8Text(bytes);
  if (typeof text !== 'string') return binary(bytes, `not JSON: ${text.error}`);
  if (!forced) {
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return binary(bytes, 'not a JSON object or array');
  }
  try {
    return { format: 'json', value: JSON.parse(text) as PlainJson, size: bytes.length };
  } catch (error) {
    return binary(bytes, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function decodeText(bytes: Buffer, forced: boolean): DecodedPayload {
  const text = utf8Text(bytes);
  if (typeof text !== 'string') return binary(bytes, `not UTF-8 text: ${text.error}`);
  if (!forced) {
    const control = firstControlCharacter(text);
    if (control >= 0)
      return binary(
        bytes,
        `not text: control character U+${text.charCodeAt(control).toString(16).padStart(4, '0')} at character ${control}`,
      );
  }
  return { format: 'text', value: text, size: bytes.length };
}

function utf8Text(bytes: Buffer): string | { error: string } {
  // isUtf8 and toString are native and cheap for the short keys and headers of most records.
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return { error: `invalid UTF-8 at byte ${firstInvalidUtf8Byte(bytes)}` };
}

/** The index of the first control character other than tab, line feed and carriage return, or -1. */
function firstControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return i;
  }
  return -1;
}

function firstInvalidUtf8Byte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const byte = bytes[i];
    const length =
      byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let j = 1; j < length; j++) if ((bytes[i + j] & 0xc0) !== 0x80) return i;
    try {
      utf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return 0;
}

function binary(bytes: Buffer, error: string, schemaId?: number): DecodedPayload {
  const value: BinaryValue = { hex: bytes.toString('hex'), error };
  return { format: 'binary', value: value as unknown as PlainJson, ...(schemaId !== undefined ? { schemaId } : {}), size: bytes.length };
}

/** Header values as text: UTF-8 when they are, else `0x` and their hex. */
export function decodeHeaderValue(bytes: Buffer | string | undefined): string {
  if (bytes === undefined) return '';
  if (typeof bytes === 'string') return bytes;
  const text = utf8Text(bytes);
  return typeof text === 'string' ? text : `0x${bytes.toString('hex')}`;
}
