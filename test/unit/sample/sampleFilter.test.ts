// The CEL filter over sampled records and the full-text search: variables, missing fields, errors with
// their column, and nothing of JavaScript reachable from an expression.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, isFilterError, type SampleFilter } from '../../../client/src/engines/sample/sampleFilter';
import { textMatcher } from '../../../client/src/engines/sample/textSearch';
import { record } from './sampleRecords';

function filter(expression: string): SampleFilter {
  const compiled = compileFilter(expression);
  if (isFilterError(compiled)) assert.fail(`${expression}: ${compiled.message} at ${compiled.column}`);
  return compiled;
}

describe('filter expressions', () => {
  const order = record({ amount: 150.5, customer: { country: 'NL' }, items: [{ sku: 'a' }, { sku: 'b' }] });

  test('every variable of the issue, with CEL operators and macros', () => {
    const cases: [string, boolean][] = [
      ['value.amount > 100 && headers.source == "web"', true],
      ['value.amount > 200', false],
      ['value.customer.country in ["NL", "BE"]', true],
      ['value.items.exists(i, i.sku == "b")', true],
      ['size(value.items) == 2', true],
      ['key == "order-7" && key.startsWith("order")', true],
      ['headers["x-trace"].contains("b")', true],
      ['partition == 1 && offset >= 40 && offset < 50', true],
      ['timestamp >= 1767225600000', true],
      ['has(value.coupon)', false],
      ['value.amount > 1e2 && b"x" == b"x" && 0x10 == 16', true],
      ['', true],
    ];
    for (const [expression, expected] of cases) assert.equal(filter(expression).matches(order), expected, expression);
  });

  test('a missing field or a type mismatch is no match, not a failure', () => {
    assert.equal(filter('value.coupon == "X"').matches(order), false);
    assert.equal(filter('value.amount > "x"').matches(order), false);
    assert.equal(filter('value.amount > 1').matches(record('plain text')), false);
  });

  test('errors give the message and the 1-based column', () => {
    const syntax = compileFilter('value.amount > > 1');
    assert.ok(isFilterError(syntax));
    assert.equal(syntax.column, 14, 'the operator that cannot be parsed');
    assert.match(syntax.message, /^syntax error: /);
    const unknown = compileFilter('value.amount > 1 && amout < 5');
    assert.deepEqual(unknown, { message: 'unknown variable "amout": use key, value, headers, partition, offset, timestamp', column: 21 });
    const macro = compileFilter('value.items.all(x, x.sku != "") && "a b" != c');
    assert.ok(isFilterError(macro));
    assert.equal(macro.column, 45, 'the macro variable and the words of strings are not taken for unknown names');
    const notCondition = compileFilter('partition + 1');
    assert.ok(isFilterError(notCondition));
    assert.match(notCondition.message, /must be a condition/);
  });

  test('no JavaScript is reachable: globals are unknown variables', () => {
    for (const expression of ['process.exit(1) == 0', 'constructor.constructor("return 1")() == 1', 'globalThis.x == 1']) {
      const compiled = compileFilter(expression);
      assert.ok(isFilterError(compiled), expression);
      assert.match(compiled.message, /unknown variable|syntax error/);
    }
  });
});

describe('text search', () => {
  test('finds key, value and header names and values, case-insensitively', () => {
    const one = record({ note: 'Hello <b>World</b>' });
    for (const query of ['ORDER-7', 'world</b', 'x-trace', 'abc', '']) assert.equal(textMatcher(query)(one), true, query);
    assert.equal(textMatcher('nowhere')(one), false);
  });
});
