/**
 * The topics a manifest's output ports ask for, read as written (Create Topic starts from them): the
 * publish engine's own `desiredTopic`, so Create Topic and Publish never disagree. A manifest being edited
 * may be invalid, so fields of the wrong type are left out and a retention that is not a duration is
 * reported instead of thrown. Pure and vscode-free.
 */
import { desiredTopic, type DesiredTopic, type ManifestPort } from '../publish/topicPlan';
import { DurationError } from '../publish/isoDuration';

export interface PortTopicSpec extends DesiredTopic {
  /** What could not be read as written (a retention that is not a duration), to say so rather than guess. */
  problems: string[];
}

/** Every output port with a topic, in the manifest's order; nothing for a value that is not a manifest. */
export function topicSpecsOfManifest(manifest: unknown): PortTopicSpec[] {
  if (!isObject(manifest) || !Array.isArray(manifest.outputPorts)) return [];
  return manifest.outputPorts.filter(isObject).flatMap((port): PortTopicSpec[] => {
    if (typeof port.topic !== 'string' || !port.topic) return [];
    const written: ManifestPort = {
      name: typeof port.name === 'string' ? port.name : port.topic,
      topic: port.topic,
      partitions: positiveInteger(port.partitions),
      replicationFactor: positiveInteger(port.replicationFactor),
      cleanupPolicy: typeof port.cleanupPolicy === 'string' ? port.cleanupPolicy : undefined,
      retention: typeof port.retention === 'string' ? port.retention : undefined,
      config: isObject(port.config) ? port.config : undefined,
      value: { format: 'avro' },
    };
    try {
      return [{ ...desiredTopic(written), problems: [] }];
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      const problem = `retention "${written.retention}" is not an ISO-8601 duration; retention.ms is left to the cluster`;
      return [{ ...desiredTopic({ ...written, retention: undefined }), problems: [problem] }];
    }
  });
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
