// The conditional requirements of the project's JSON Schemas (`if`/`then` with `required`), in words: the
// generated reference and the `schema` diagnostic both say "required when `format` is `avro`".

/** A condition of the shape the schemas use, `{properties: {format: {const: "avro"}}}`, in words; undefined for other shapes. */
export function describeCondition(condition: unknown): string | undefined {
  if (!isObject(condition) || !isObject(condition.properties)) return undefined;
  const parts: string[] = [];
  for (const [name, test] of Object.entries(condition.properties)) {
    if (!isObject(test)) return undefined;
    if ('const' in test) parts.push(`\`${name}\` is \`${String(test.const)}\``);
    else if (Array.isArray(test.enum)) parts.push(`\`${name}\` is one of ${test.enum.map((value) => `\`${String(value)}\``).join(', ')}`);
    else return undefined;
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** The fields an object schema requires only under its `if`, each with the condition in words. */
export function conditionalRequirements(schema: unknown): Map<string, string> {
  const requirements = new Map<string, string>();
  if (!isObject(schema) || !isObject(schema.then) || !Array.isArray(schema.then.required)) return requirements;
  const condition = describeCondition(schema.if);
  if (condition === undefined) return requirements;
  for (const field of schema.then.required) if (typeof field === 'string') requirements.set(field, condition);
  return requirements;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
