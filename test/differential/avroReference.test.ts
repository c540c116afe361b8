// Differential tests against the reference implementation, Apache Avro's Java library: random reader/writer
// pairs must get the same compatibility verdict, the same incompatibilities (type, location, detail) in the
// same order, and random valid and broken schemas the same parse verdict. One JVM answers the whole batch.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseAvroSchema } from '../../server/src/services/avro/avroParser';
import type { AvroRecord, AvroType } from '../../server/src/services/avro/avroSchema';
import { checkReaderWriter, resolveType } from '../../server/src/services/avro/compat/readerWriterCompatibility';
import { INCOMPATIBILITY_TYPES } from '../../server/src/services/avro/compat/incompatibility';
import { askAvroReference, prepareAvroReference, type OracleAnswer, type OracleRequest } from './support/avroOracle';
import { brokenSchemaArb, schemaPairArb, type BreakKind, type SchemaPair } from './support/schemaGenerator';
import { propertySeed, replayHint, sampleWithSeed } from '../support/propertySeed';

/** Each pair is checked both ways, so twice as many reader/writer checks. */
const PAIRS = 1_500;
const BROKEN_SCHEMAS = 750;
/** The schemas are drawn with the run's property seed; every report ends with how to draw them again. */
const REPLAY = replayHint(propertySeed());

const reference = prepareAvroReference();
const missing = 'missing' in reference ? reference.missing : undefined;
// On CI the tools must be there (.ci/run installs them); locally the suite is skipped with the reason.
const skip = missing !== undefined && process.env.CI !== 'true' ? `the Avro reference implementation is not installed: ${missing}` : false;

interface OurParse {
  root: AvroType | undefined;
  /** The error diagnostics, with their codes. */
  errors: { code: string; message: string }[];
  warnings: string[];
}

function ourParse(text: string): OurParse {
  const { schema, diagnostics } = parseAvroSchema(text);
  const errors = diagnostics
    .filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error)
    .map((d) => ({ code: String(d.code), message: d.message }));
  const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).map((d) => String(d.code));
  return { root: schema.root, errors, warnings };
}

/**
 * Where we knowingly answer differently from Java, and why. Each entry says exactly when it applies; any
 * other difference fails the test.
 */
interface AcceptedDivergence {
  name: string;
  why: string;
}

/**
 * Java throws (AvroRuntimeException "matches multiple fields") when a reader field's name and aliases name
 * more than one writer field, and the registry answers with a server error. We take the first match (the
 * name, then the aliases in order) and go on checking. (Our parser warns about such aliases.)
 */
const AMBIGUOUS_FIELD_ALIASES: AcceptedDivergence = {
  name: 'ambiguous field aliases',
  why: 'Java throws when a reader field matches several writer fields; we take the first match',
};

/**
 * Errors of our parser that Java's Schema.Parser does not raise: each follows the specification where Java
 * is lax (the parser's messages say so to the user).
 */
const STRICTER_THAN_JAVA: (AcceptedDivergence & { code: string; matches?: RegExp })[] = [
  {
    code: 'avro-forward-reference',
    name: 'name used before its definition',
    why: 'the specification requires definition before use; Java 1.12 alone resolves forward references',
  },
  {
    code: 'avro-unresolved-reference',
    matches: /null namespace/,
    name: 'unqualified name looked up in the null namespace',
    why: 'the specification resolves a dotless name in the enclosing namespace only; Java falls back to the null namespace',
  },
  {
    code: 'avro-invalid-name',
    matches: /^"\./,
    name: 'name with a leading dot',
    why: 'an empty name part breaks the grammar; Java reads ".a" as "a" in the null namespace',
  },
  {
    code: 'avro-invalid-name',
    matches: /^"[^"]*[^\u0000-\u007f]/u, // eslint-disable-line no-control-regex -- the ASCII range itself
    name: 'name with non-ASCII letters',
    why: "the specification's name grammar is ASCII; Java's default parser (its UTF name validator) accepts any Unicode letter",
  },
  {
    code: 'avro-invalid-default',
    matches: /bytes default may only hold|is not a symbol of enum|default must be exactly \d+ bytes? long/,
    name: 'bytes, enum or fixed default with the wrong content',
    why: 'the specification wants code points 0-255 (bytes), a symbol (enum), exactly size bytes (fixed); Java only checks that the default is a string',
  },
];

/** Schemas Java rejects that we accept (with at most a warning). */
const LOOSER_THAN_JAVA: (AcceptedDivergence & { javaError: RegExp; warning?: string })[] = [
  {
    javaError: /Schema fields not set yet/,
    name: 'default of a record type still being defined',
    why: "a Java bug: it validates such a default before the record's fields are set (the schema is valid)",
  },
  {
    javaError: /Illegal (initial )?character|Empty name/,
    warning: 'avro-nonstandard-alias',
    name: 'alias that is not a valid name',
    why: 'the specification accepts any string as an alias (to rename an invalid old name); we warn, Java rejects',
  },
  {
    javaError: /Invalid or no size/,
    warning: 'avro-size-out-of-range',
    name: 'fixed size above 2^31-1',
    why: 'the specification sets no limit; we warn, Java (an int size) rejects',
  },
];

/** The accepted divergence that explains a different parse verdict, if any. */
function parseDivergence(javaAnswer: OracleAnswer, ours: OurParse): AcceptedDivergence | undefined {
  if (javaAnswer.ok) {
    if (ours.errors.length === 0) return undefined;
    const reasons = ours.errors.map((error) =>
      STRICTER_THAN_JAVA.find((d) => d.code === error.code && (!d.matches || d.matches.test(error.message))),
    );
    return reasons.every((reason) => reason !== undefined) ? reasons[0] : undefined;
  }
  return LOOSER_THAN_JAVA.find((d) => d.javaError.test(javaAnswer.error ?? '') && (!d.warning || ours.warnings.includes(d.warning)));
}

/** Some reader record field whose name and aliases name several fields of some writer record. */
function hasAmbiguousFieldAlias(reader: AvroType, writer: AvroType): boolean {
  for (const r of collectRecords(reader)) {
    for (const w of collectRecords(writer)) {
      for (const field of r.fields) {
        if ([field.name, ...field.aliases].filter((name) => w.fields.some((candidate) => candidate.name === name)).length > 1) return true;
      }
    }
  }
  return false;
}

function collectRecords(root: AvroType): AvroRecord[] {
  const found = new Set<AvroRecord>();
  const visit = (type: AvroType) => {
    const resolved = resolveType(type);
    if (!resolved || (resolved.kind === 'record' && found.has(resolved))) return;
    switch (resolved.kind) {
      case 'record':
        found.add(resolved);
        resolved.fields.forEach((field) => visit(field.type));
        break;
      case 'array':
        visit(resolved.items);
        break;
      case 'map':
        visit(resolved.values);
        break;
      case 'union':
        resolved.branches.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(root);
  return [...found];
}

function summary(list: readonly { type: string; location: string; detail?: string; message?: string }[]): string[] {
  return list.map((item) => `${item.type} ${item.location} ${item.detail ?? item.message ?? ''}`);
}

/** On CI (CI=true) the reference implementation must be there: .ci/run installs it. */
function requireReference(): void {
  if (missing !== undefined) assert.fail(`CI=true but the Avro reference implementation is missing: ${missing}`);
}

describe('differential: Avro against the reference implementation (Java)', () => {
  let answers = new Map<number, OracleAnswer>();
  const requests: OracleRequest[] = [];
  let nextId = 0;
  const pairIds: {
    pair: SchemaPair;
    base: string;
    mutated: string;
    parseBase: number;
    parseMutated: number;
    forward: number;
    backward: number;
  }[] = [];
  const brokenIds: { kind: BreakKind; text: string; id: number }[] = [];

  before(() => {
    if ('missing' in reference) return;
    const pairs = sampleWithSeed(schemaPairArb, PAIRS);
    const broken = sampleWithSeed(brokenSchemaArb, BROKEN_SCHEMAS, 1);
    for (const pair of pairs) {
      const base = JSON.stringify(pair.base);
      const mutated = JSON.stringify(pair.mutated);
      const ids = { pair, base, mutated, parseBase: nextId++, parseMutated: nextId++, forward: nextId++, backward: nextId++ };
      requests.push({ id: ids.parseBase, op: 'parse', schema: base });
      requests.push({ id: ids.parseMutated, op: 'parse', schema: mutated });
      // The mutated schema reads the base's data, and the base reads the mutated schema's data.
      requests.push({ id: ids.backward, op: 'compat', reader: mutated, writer: base });
      requests.push({ id: ids.forward, op: 'compat', reader: base, writer: mutated });
      pairIds.push(ids);
    }
    for (const item of broken) {
      const id = nextId++;
      requests.push({ id, op: 'parse', schema: item.text });
      brokenIds.push({ ...item, id });
    }
    answers = askAvroReference(reference, requests);
  });

  test(`reader/writer compatibility: ${PAIRS} random schema pairs, both ways, agree with SchemaCompatibility`, { skip }, () => {
    requireReference();
    const mismatches: string[] = [];
    const accepted: string[] = [];
    let skipped = 0;
    const typesSeen = new Map<string, number>();
    let compared = 0;
    let incompatible = 0;
    const parsed = new Map<string, OurParse>();
    const parse = (text: string) => {
      let result = parsed.get(text);
      if (!result) parsed.set(text, (result = ourParse(text)));
      return result;
    };
    for (const ids of pairIds) {
      const base = parse(ids.base);
      const mutated = parse(ids.mutated);
      for (const [id, reader, writer, readerText, writerText] of [
        [ids.backward, mutated, base, ids.mutated, ids.base],
        [ids.forward, base, mutated, ids.base, ids.mutated],
      ] as const) {
        const answer = answers.get(id)!;
        if (!answer.ok && answer.error?.startsWith('parse:')) {
          skipped++; // covered by the parse verdicts
          continue;
        }
        // Likewise where our parser rejects a schema: its verdict is the parse comparison.
        if (!reader.root || !writer.root || reader.errors.length + writer.errors.length > 0) {
          skipped++;
          continue;
        }
        const ours = checkReaderWriter(reader.root, writer.root);
        if (!answer.ok) {
          if (answer.error?.includes('matches multiple fields') && hasAmbiguousFieldAlias(reader.root, writer.root)) {
            accepted.push(AMBIGUOUS_FIELD_ALIASES.name);
            continue;
          }
          mismatches.push(
            `Java failed (${answer.error ?? ''}), we found ${JSON.stringify(summary(ours))}\n  reader ${readerText}\n  writer ${writerText}`,
          );
          continue;
        }
        compared++;
        if (!answer.compatible) incompatible++;
        for (const item of answer.incompatibilities ?? []) typesSeen.set(item.type, (typesSeen.get(item.type) ?? 0) + 1);
        const theirs = summary(answer.incompatibilities ?? []);
        const mine = summary(ours);
        if ((ours.length === 0) !== answer.compatible || JSON.stringify(mine) !== JSON.stringify(theirs)) {
          mismatches.push(
            `ours ${JSON.stringify(mine)}\n  Java ${JSON.stringify(theirs)}\n  reader ${readerText}\n  writer ${writerText}\n  mutations ${ids.pair.mutations.join(', ')}`,
          );
        }
      }
    }
    const report = `${compared} reader/writer checks compared (${incompatible} incompatible), ${skipped} skipped (a schema does not parse), ${accepted.length} accepted divergences (${AMBIGUOUS_FIELD_ALIASES.name}); types seen: ${JSON.stringify(Object.fromEntries(typesSeen))}`;
    console.log(`  ${report}`);
    assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} disagreements; ${report}\n${REPLAY}`);
    assert.ok(compared >= 1000, `at least 1,000 checks compared: ${report}\n${REPLAY}`);
    // The generator must reach every rule, both verdicts.
    for (const type of INCOMPATIBILITY_TYPES) assert.ok((typesSeen.get(type) ?? 0) > 0, `no ${type} generated: ${report}\n${REPLAY}`);
    assert.ok(incompatible > compared / 5 && incompatible < (compared * 4) / 5, `a mix of verdicts: ${report}\n${REPLAY}`);
  });

  test(
    `parse verdicts: ${PAIRS * 2} generated and ${BROKEN_SCHEMAS} broken schemas agree with Schema.Parser (defaults validated)`,
    { skip },
    () => {
      requireReference();
      const mismatches: string[] = [];
      const accepted = new Map<string, number>();
      let valid = 0;
      let invalid = 0;
      const compare = (text: string, id: number, label: string) => {
        const answer = answers.get(id)!;
        const ours = ourParse(text);
        const oursOk = ours.errors.length === 0 && ours.root !== undefined;
        if (answer.ok) valid++;
        else invalid++;
        if (oursOk === answer.ok) return;
        const divergence = parseDivergence(answer, ours);
        if (divergence) {
          accepted.set(divergence.name, (accepted.get(divergence.name) ?? 0) + 1);
          return;
        }
        const errors = ours.errors.map((e) => `${e.code}: ${e.message}`).join('; ');
        mismatches.push(
          `${label}: Java ${answer.ok ? 'accepts' : `rejects (${answer.error ?? ''})`}, we ${oursOk ? 'accept' : `reject (${errors})`}\n  ${text}`,
        );
      };
      for (const ids of pairIds) {
        compare(ids.base, ids.parseBase, 'generated');
        compare(ids.mutated, ids.parseMutated, 'mutated');
      }
      for (const item of brokenIds) compare(item.text, item.id, `broken (${item.kind})`);
      const report = `${valid} valid and ${invalid} invalid schemas compared; accepted divergences: ${JSON.stringify(Object.fromEntries(accepted))}`;
      console.log(`  ${report}`);
      assert.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} disagreements; ${report}\n${REPLAY}`);
      assert.ok(invalid >= BROKEN_SCHEMAS / 2, `the broken schemas are mostly invalid: ${report}\n${REPLAY}`);
    },
  );
});
