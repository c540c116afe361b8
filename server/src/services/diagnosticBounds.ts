/**
 * Bounds on what a hostile or broken file can make the checks say: a binary file gets one diagnostic, syntax
 * errors stop at 20 per file, and a message quotes at most 80 escaped characters of the input. The editor and
 * `datamesh lint` both go through the facade, so both show the same bounded list.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic, type DiagnosticCode } from './diagnostics';

export const MAX_SYNTAX_DIAGNOSTICS = 20;
export const MAX_QUOTED_CHARACTERS = 80;
/** How much of a file decides whether it is text: binary formats show themselves in their first bytes. */
const SNIFFED_CHARACTERS = 8192;
const SYNTAX_CODES: ReadonlySet<string> = new Set(['yaml-syntax', 'avro-json-syntax']);

/** Where the text stops looking like text: a NUL, or (in a sniffed window) one control character in ten. */
export function binaryOffset(text: string): number | undefined {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return nul;
  const window = text.slice(0, SNIFFED_CHARACTERS);
  let suspicious = 0;
  let first: number | undefined;
  for (let index = 0; index < window.length; index++) {
    const code = window.charCodeAt(index);
    // Tabs, line breaks and form feeds are text; other C0 controls, DEL and U+FFFD (undecodable bytes) are not.
    const control = (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f || code === 0xfffd;
    if (control) {
      suspicious++;
      first ??= index;
    }
  }
  return window.length > 0 && suspicious * 10 >= window.length ? first : undefined;
}

/** The one diagnostic of a file that is not text. */
export function notTextDiagnostic(code: DiagnosticCode, kindName: string): Diagnostic {
  return makeDiagnostic(
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    code,
    `This file is not text (it holds binary data), so it cannot be ${kindName}. Check that it is the file you meant.`,
  );
}

/** Caps the syntax errors of one file, escapes control characters and shortens long quotes in every message. */
export function boundDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const bounded: Diagnostic[] = [];
  let syntax = 0;
  let leftOut = 0;
  let firstLeftOut: Diagnostic | undefined;
  for (const diagnostic of diagnostics) {
    if (SYNTAX_CODES.has(String(diagnostic.code))) {
      syntax++;
      if (syntax > MAX_SYNTAX_DIAGNOSTICS) {
        leftOut++;
        firstLeftOut ??= diagnostic;
        continue;
      }
    }
    bounded.push({ ...diagnostic, message: boundMessage(diagnostic.message) });
  }
  if (firstLeftOut) {
    bounded.push({
      ...firstLeftOut,
      severity: DiagnosticSeverity.Error,
      message: `${leftOut} more syntax error${leftOut === 1 ? ' is' : 's are'} not shown; fix the ones above first.`,
      data: undefined,
    });
  }
  return bounded;
}

/** A message with its control characters escaped and each quoted excerpt (`…` or "…") cut to 80 characters. */
export function boundMessage(message: string): string {
  const escaped = escapeControls(message);
  return escaped.replace(/`([^`]*)`|"((?:[^"\\]|\\.)*)"/g, (whole, backticked: string | undefined, quoted: string | undefined) => {
    const inner = backticked ?? quoted ?? '';
    if (inner.length <= MAX_QUOTED_CHARACTERS) return whole;
    const mark = backticked !== undefined ? '`' : '"';
    return `${mark}${inner.slice(0, MAX_QUOTED_CHARACTERS - 1)}…${mark}`;
  });
}

function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g, (character) =>
    character === '\ufffd' ? '\\ufffd' : `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
