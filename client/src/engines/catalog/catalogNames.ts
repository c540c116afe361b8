/**
 * Names of the catalog engine that views, the connection manager and the command line need without loading
 * the engine (and kafkajs) at activation.
 */

/** The prefix of the groups the catalog engine's own consumers use; the Groups view leaves them out. */
export const CATALOG_GROUP_PREFIX = 'datamesh-catalog-';

/** The catalog topic when neither the setting `datamesh.catalogTopic` nor `--catalog-topic` names one (spec §4). */
export const DEFAULT_CATALOG_TOPIC = '_datamesh.products';
