import { majorOf, type Manifest } from './manifestTypes';

/** The topic a port should have under the policy's pattern, when every placeholder is known. */
export function expectedTopic(pattern: string, manifest: Manifest, portName: string | undefined): string | undefined {
  const values: Record<string, string | undefined> = {
    domain: typeof manifest.domain === 'string' ? manifest.domain : undefined,
    name: typeof manifest.name === 'string' ? manifest.name : undefined,
    major: majorOf(manifest.version)?.toString(),
    port: portName,
  };
  let complete = true;
  const topic = pattern.replace(/\{(\w+)\}/g, (placeholder, key: string) => {
    const value = values[key];
    if (value === undefined) complete = false;
    return value ?? placeholder;
  });
  return complete ? topic : undefined;
}

/** A regular expression for the pattern with `{major}` left open, capturing the major. */
export function topicPatternWithAnyMajor(pattern: string, manifest: Manifest, portName: string | undefined): RegExp | undefined {
  if (!pattern.includes('{major}')) return undefined;
  const parts = pattern.split('{major}').map((part) => expectedTopic(part, manifest, portName));
  if (parts.some((part) => part === undefined)) return undefined;
  return new RegExp(`^${parts.map((part) => escapeRegExp(part as string)).join('(\\d+)')}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
