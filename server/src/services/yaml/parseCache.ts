import { PositionedYaml } from './positionedYaml';

const CAPACITY = 8;
const cache = new Map<string, PositionedYaml>();

/** The parse of a text, shared by the features that ask about the same version of a document. */
export function parseYamlCached(text: string): PositionedYaml {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const parsed = new PositionedYaml(text);
  cache.set(text, parsed);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value as string);
  return parsed;
}
