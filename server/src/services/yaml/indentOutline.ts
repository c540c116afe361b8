/**
 * YAML block structure read from indentation alone, line by line: each line's `- ` markers and `key: value`,
 * and for a line, the path of keys and sequence items above it. It does not parse, so a half-typed line or a
 * syntax error elsewhere in the text does not get in the way (manifest completion reads its cursor context
 * from it).
 */
import type { Position } from 'vscode-languageserver-types';
import { LineIndex } from '../../text/lineIndex';
import type { JsonPath } from './positionedYaml';

/** One line's block structure: indentation, `- ` markers, and a `key: value` when there is one. */
export interface LineShape {
  indent: number;
  /** The columns of the sequence markers `- ` at the start of the line. */
  dashes: number[];
  /** The column after the markers, where a key or a scalar starts. */
  keyCol: number;
  /** Anything but blanks and a comment. */
  content: boolean;
  key?: string;
  /** The column where the value starts (the end of the line when there is none). */
  valueStart?: number;
  /** The column after the value, before a comment or trailing blanks. */
  valueEnd?: number;
  /** The raw value text ('' when none). */
  value?: string;
}

/** The block structure of one line, or of the part of a line before the cursor. */
export function shapeOf(line: string): LineShape {
  let i = 0;
  while (isBlank(line[i])) i++;
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 === line.length || isBlank(line[i + 1]))) {
    dashes.push(i);
    i++;
    while (isBlank(line[i])) i++;
  }
  const keyCol = i;
  const rest = line.slice(keyCol);
  const shape: LineShape = { indent, dashes, keyCol, content: dashes.length > 0 || !(rest.trim() === '' || rest.startsWith('#')) };
  const colon = keyColon(line, keyCol);
  if (colon === undefined) return shape;
  shape.key = colon.key;
  let valueStart = colon.colon + 1;
  while (isBlank(line[valueStart])) valueStart++;
  shape.valueStart = valueStart;
  shape.valueEnd = valueEndOf(line, valueStart);
  shape.value = line.slice(valueStart, shape.valueEnd);
  return shape;
}

/** The key at `start` and the column of its `:`, when the line is `key:` or `key: value`. */
function keyColon(line: string, start: number): { key: string; colon: number } | undefined {
  const first = line[start];
  if (first === undefined || NOT_KEY_START.includes(first)) return undefined;
  if (first === '"' || first === "'") {
    const close = closingQuote(line, start);
    if (close < 0) return undefined;
    let i = close + 1;
    while (isBlank(line[i])) i++;
    if (line[i] !== ':' || !(i + 1 === line.length || isBlank(line[i + 1]))) return undefined;
    return { key: unquote(line.slice(start, close + 1)), colon: i };
  }
  for (let i = start; i < line.length; i++) {
    const ch = line[i];
    if (ch === '#' && isBlank(line[i - 1])) return undefined;
    if (ch === ':' && (i + 1 === line.length || isBlank(line[i + 1]))) {
      const key = line.slice(start, i).trim();
      return key ? { key, colon: i } : undefined;
    }
  }
  return undefined;
}

const NOT_KEY_START = '#[]{},&*!|>%@`';

function valueEndOf(line: string, start: number): number {
  const first = line[start];
  if (first === '"' || first === "'") {
    const close = closingQuote(line, start);
    if (close >= 0) return close + 1;
  } else {
    for (let i = start; i < line.length; i++) {
      if (line[i] === '#' && (i === start || isBlank(line[i - 1]))) {
        return trimEndColumn(line, start, i);
      }
    }
  }
  return trimEndColumn(line, start, line.length);
}

function trimEndColumn(line: string, start: number, end: number): number {
  while (end > start && isBlank(line[end - 1])) end--;
  return end;
}

function closingQuote(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (quote === "'" && line[i] === "'" && line[i + 1] === "'") i++;
    else if (line[i] === quote) return i;
  }
  return -1;
}

function unquote(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, raw.endsWith("'") && raw.length > 1 ? -1 : undefined).replace(/''/g, "'");
  if (raw.startsWith('"')) {
    const inner = raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined);
    // JSON escapes are the common subset of YAML's double-quoted escapes; anything else is kept as typed.
    return /\\/.test(inner) && /^"(?:[^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"$/.test(raw) ? (JSON.parse(raw) as string) : inner;
  }
  return raw;
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** A scalar written after `key:` that makes the key a leaf (not anchors, tags or comments). */
function opensScalar(value: string | undefined): boolean {
  return !!value && !/^(?:[&!]\S*)$/.test(value);
}

/** The lines of a text, read as YAML block structure from indentation alone. */
export class IndentOutline {
  readonly rows: string[];
  private readonly shapes: (LineShape | undefined)[] = [];

  constructor(text: string) {
    const lines = new LineIndex(text);
    this.rows = Array.from({ length: lines.lineCount }, (_, line) => lines.lineText(line));
  }

  clamp(position: Position): Position {
    const line = Math.max(0, Math.min(Math.trunc(position.line) || 0, this.rows.length - 1));
    const character = Math.max(0, Math.min(Math.trunc(position.character) || 0, this.rows[line].length));
    return { line, character };
  }

  shape(line: number): LineShape {
    let shape = this.shapes[line];
    if (!shape) {
      shape = shapeOf(this.rows[line]);
      this.shapes[line] = shape;
    }
    return shape;
  }

  /**
   * The path of the node that a key at `col` on `line` belongs to: the keys with less indentation above,
   * and the sequence items on the way (including the `- ` markers on the line itself).
   * `insideScalar` when a key on the way already has a scalar value, so the line is scalar text.
   */
  enclosingPath(line: number, col: number, ownDashes: readonly number[]): { path: JsonPath; insideScalar: boolean } {
    const reversed: JsonPath = [];
    let target = col;
    let fromDash = false;
    let insideScalar = false;
    const takeDashes = (dashes: readonly number[], at: number): void => {
      for (let d = dashes.length - 1; d >= 0; d--) {
        if (dashes[d] < target) {
          reversed.push(this.itemIndex(at, dashes[d]));
          target = dashes[d];
          fromDash = true;
        }
      }
    };
    takeDashes(ownDashes, line);
    for (let above = line - 1; above >= 0 && (target > 0 || fromDash); above--) {
      const shape = this.shape(above);
      if (!shape.content) continue;
      // A sequence may sit at its key's own column (`key:` then `- item`), hence the equal column after a dash.
      const parentKey =
        shape.key !== undefined && (shape.keyCol < target || (fromDash && shape.keyCol === target && shape.dashes.length === 0));
      if (parentKey) {
        if (opensScalar(shape.value)) insideScalar = true;
        reversed.push(shape.key as string);
        target = shape.keyCol;
        fromDash = false;
      }
      takeDashes(shape.dashes, above);
    }
    return { path: reversed.reverse(), insideScalar };
  }

  /** The index of the sequence item whose `- ` is at `dashCol` on `line`. */
  private itemIndex(line: number, dashCol: number): number {
    let index = 0;
    for (let above = line - 1; above >= 0; above--) {
      const shape = this.shape(above);
      if (!shape.content) continue;
      const first = shape.dashes.length > 0 ? shape.dashes[0] : shape.indent;
      if (first < dashCol) break;
      if (first === dashCol) {
        if (shape.dashes.length === 0) break;
        index++;
      }
    }
    return index;
  }

  /** The keys (with their scalar values) of the mapping whose keys are at `col` around `line`, not counting `line`. */
  mappingEntries(line: number, col: number, opensItem: boolean): Map<string, { value: string }> {
    const entries = new Map<string, { value: string }>();
    const add = (shape: LineShape): void => {
      if (shape.key !== undefined && !entries.has(shape.key)) entries.set(shape.key, { value: unquote(shape.value ?? '') });
    };
    // A line that starts an item (`- key`) is the first line of its mapping.
    for (let above = line - 1; above >= 0 && !opensItem; above--) {
      const shape = this.shape(above);
      if (!shape.content) continue;
      if (shape.key !== undefined && shape.keyCol === col) {
        add(shape);
        if (shape.dashes.length > 0) break;
        continue;
      }
      if ((shape.dashes.length > 0 ? shape.dashes[0] : shape.indent) < col) break;
    }
    for (let below = line + 1; below < this.rows.length; below++) {
      const shape = this.shape(below);
      if (!shape.content) continue;
      if ((shape.dashes.length > 0 ? shape.dashes[0] : shape.indent) < col) break;
      if (shape.key !== undefined && shape.keyCol === col && shape.dashes.length === 0) add(shape);
    }
    return entries;
  }

  /** `key: value` lines at column 0, first occurrence wins. */
  topLevelScalars(): Record<string, string> {
    const values = new Map<string, string>();
    for (let line = 0; line < this.rows.length; line++) {
      if (!/^[^\s#-]/.test(this.rows[line])) continue; // cheap pre-check: only unindented lines matter
      const shape = this.shape(line);
      if (shape.key === undefined || shape.keyCol !== 0 || shape.dashes.length > 0 || !shape.value) continue;
      if (!values.has(shape.key)) values.set(shape.key, unquote(shape.value));
    }
    return Object.fromEntries(values);
  }
}
