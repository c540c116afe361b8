import { COMPATIBILITY_MODES, DEFAULT_COMPATIBILITY, type Compatibility } from './manifestTypes';

/** The mode a port's subjects are checked under, and whether it is the default because the manifest writes none. */
export interface EffectiveCompatibility {
  mode: Compatibility;
  isDefault: boolean;
}

/**
 * The compatibility mode of a port from what its `value.compatibility` says (the key subject follows the
 * same mode): the written mode, or the default when nothing is written. A value that is not a mode has
 * none: the JSON Schema reports it, and neither the policy rule nor the schema-evolution check guesses one.
 */
export function effectiveCompatibility(written: unknown): EffectiveCompatibility | undefined {
  if (written === undefined) return { mode: DEFAULT_COMPATIBILITY, isDefault: true };
  return COMPATIBILITY_MODES.includes(written as Compatibility) ? { mode: written as Compatibility, isDefault: false } : undefined;
}
