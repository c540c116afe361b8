/**
 * The topic an output port asks for, read from a manifest as written (spec §1): the partitions (1 when
 * absent), the replication factor (the cluster's default when absent) and the configs it sets: `config`,
 * `cleanupPolicy` as cleanup.policy and `retention` (an ISO-8601 duration) as retention.ms. Create Topic
 * starts from it. Pure and vscode-free.
 */

export interface PortTopicSpec {
  port: string;
  topic: string;
  partitions: number;
  /** Absent: the cluster's default. */
  replicationFactor?: number;
  configs: Record<string, string>;
  /** What could not be read as written (a retention that is not a duration), to say so rather than guess. */
  problems: string[];
}

/** Every output port with a topic, in the manifest's order; nothing for a value that is not a manifest. */
export function topicSpecsOfManifest(manifest: unknown): PortTopicSpec[] {
  if (!isObject(manifest) || !Array.isArray(manifest.outputPorts)) return [];
  return manifest.outputPorts.filter(isObject).flatMap((port): PortTopicSpec[] => {
    if (typeof port.topic !== 'string' || !port.topic) return [];
    const problems: string[] = [];
    const configs: Record<string, string> = {};
    if (isObject(port.config)) for (const [name, value] of Object.entries(port.config)) configs[name] = String(value);
    if (typeof port.cleanupPolicy === 'string') configs['cleanup.policy'] = port.cleanupPolicy;
    if (typeof port.retention === 'string') {
      const ms = isoDurationMs(port.retention);
      if (ms === undefined) problems.push(`retention "${port.retention}" is not an ISO-8601 duration; retention.ms is left to the cluster`);
      else configs['retention.ms'] = String(ms);
    }
    return [
      {
        port: typeof port.name === 'string' ? port.name : port.topic,
        topic: port.topic,
        partitions: positiveInteger(port.partitions) ?? 1,
        ...(positiveInteger(port.replicationFactor) !== undefined ? { replicationFactor: positiveInteger(port.replicationFactor) } : {}),
        configs,
        problems,
      },
    ];
  });
}

const DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Y, M, W, D, H, M, S. Kafka's retention is a fixed length, so a year is 365 days and a month 30. */
const UNIT_MS = [365 * DAY_MS, 30 * DAY_MS, 7 * DAY_MS, DAY_MS, 60 * 60 * 1000, 60 * 1000, 1000];

/** An ISO-8601 duration (`P30D`, `PT12H`, `P1Y2M`) in whole milliseconds; undefined for other text. */
export function isoDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  // "P" and "PT" match the pattern but name no duration.
  if (!match || match.slice(1).every((part) => part === undefined) || trimmed.endsWith('T')) return undefined;
  return Math.round(
    match.slice(1).reduce((total, part, index) => total + (part === undefined ? 0 : Number(part.replace(',', '.')) * UNIT_MS[index]), 0),
  );
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
