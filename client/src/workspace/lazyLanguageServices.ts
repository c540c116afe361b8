/**
 * The language services' facade, loaded on first use: its YAML parser and JSON Schema validator are not
 * needed for activation.
 */
export type LanguageServicesModule = typeof import('../../../server/src/services/index');

export const languageServices = (): LanguageServicesModule => require('../../../server/src/services/index') as LanguageServicesModule;
