import type { Compatibility } from '../manifest/manifestTypes';

/**
 * The spec's order for "at least": NONE < BACKWARD = FORWARD < FULL, and a `_TRANSITIVE` mode is at least
 * the mode itself (it ranks half a step above it, below the next mode).
 */
export function compatibilityRank(mode: Compatibility): number {
  const base = mode.replace(/_TRANSITIVE$/, '');
  const rank = base === 'NONE' ? 0 : base === 'FULL' ? 2 : 1;
  return mode.endsWith('_TRANSITIVE') ? rank + 0.5 : rank;
}

export function satisfiesCompatibility(mode: Compatibility, minimum: Compatibility): boolean {
  return compatibilityRank(mode) >= compatibilityRank(minimum);
}
