// The ISO-8601 duration a user most likely meant by a shorthand: `30d` -> `P30D`, `12h` -> `PT12H`,
// `1w` -> `P7D`, `90 minutes` -> `PT90M`. Only whole numbers with one unit: anything else is left alone.

const UNITS: Record<string, (count: number) => string> = {
  s: (n) => `PT${n}S`,
  sec: (n) => `PT${n}S`,
  second: (n) => `PT${n}S`,
  m: (n) => `PT${n}M`,
  min: (n) => `PT${n}M`,
  minute: (n) => `PT${n}M`,
  h: (n) => `PT${n}H`,
  hr: (n) => `PT${n}H`,
  hour: (n) => `PT${n}H`,
  d: (n) => `P${n}D`,
  day: (n) => `P${n}D`,
  // Weeks as days: Kafka's retention and most readers of the manifest expect days.
  w: (n) => `P${n * 7}D`,
  wk: (n) => `P${n * 7}D`,
  week: (n) => `P${n * 7}D`,
  y: (n) => `P${n}Y`,
  yr: (n) => `P${n}Y`,
  year: (n) => `P${n}Y`,
};

/** The ISO-8601 duration for a shorthand such as `30d`, or undefined when the text is not one. */
export function isoDurationFor(text: string): string | undefined {
  const match = /^\s*(\d{1,6})\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const name = match[2].toLowerCase();
  // A plural (`days`, `hrs`), but not `ms`: milliseconds have no shorthand here.
  const singular = name.length > 2 && name.endsWith('s') ? name.slice(0, -1) : undefined;
  const unit = Object.hasOwn(UNITS, name) ? UNITS[name] : singular && Object.hasOwn(UNITS, singular) ? UNITS[singular] : undefined;
  return unit ? unit(Number(match[1])) : undefined;
}
