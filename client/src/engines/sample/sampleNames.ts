/**
 * Names of the sampling engine that views need without loading the engine (and kafkajs) at activation.
 */

/** The prefix of the sampler's ephemeral consumer groups; the Groups view leaves them out. */
export const SAMPLE_GROUP_PREFIX = 'datamesh-sample-';
