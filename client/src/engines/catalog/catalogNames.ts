/**
 * Names of the catalog engine that views need without loading the engine (and kafkajs) at activation.
 */

/** The prefix of the groups the catalog engine's own consumers use; the Groups view leaves them out. */
export const CATALOG_GROUP_PREFIX = 'datamesh-catalog-';
