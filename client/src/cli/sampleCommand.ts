/**
 * `datamesh sample`: events of a topic, decoded, on standard output (product spec §5). It reads through
 * the sampling engine, so it commits no offsets and leaves no consumer group behind, Ctrl-C included.
 */
import { describeConnectionError } from '../kafka/connectionErrors';
import { formatForCommandLine } from './connectionRemedy';
import { closeKafka } from '../kafka/kafkaClientFactory';
import { compileFilter, isFilterError, type SampleFilter } from '../engines/sample/sampleFilter';
import { isoTimestamp, toSampleLine } from '../engines/sample/sampleLine';
import type { FormatChoice, SampledRecord } from '../engines/sample/sampleTypes';
import { SchemaCache, type SchemaSource } from '../engines/sample/schemaCache';
import { payloadText } from '../engines/sample/textSearch';
import { describeStartPosition, parseStartPosition, StartPositionError } from '../engines/sample/startPosition';
import { SampleRequestError, TopicSampler, type SampleEndReason } from '../engines/sample/topicSampler';
import { parseArguments, UsageError } from './arguments';
import { CONNECTION_FLAG_OPTIONS, CONNECTION_USAGE, CONNECTION_VALUE_OPTIONS } from './catalogCommand';
import type { CliCommand } from './cliCommand';
import type { CommandOutput } from './commandOutput';
import { openCommandClients } from './commandClients';

export const SAMPLE_USAGE = `datamesh sample --topic T [--from earliest|latest|offset:N|timestamp:ISO|last:N] [--partitions 0,1] [--max N]
                  [--filter EXPR] [--follow] [--format text|json] [--key-format F] [--value-format F] [connection options]`;

export const SAMPLE_COMMAND: CliCommand = {
  synopsis: SAMPLE_USAGE,
  help: `Usage: ${SAMPLE_USAGE}

Events of a topic, decoded, without committing offsets or leaving a consumer group behind.
  --from P             earliest (default), latest, offset:N (or offset:0=15,1=20), timestamp:ISO, last:N
  --partitions 0,1     only these partitions
  --max N              stop after N events that pass the filter
  --filter EXPR        a CEL condition over key, value, headers, partition, offset, timestamp
  --follow             keep tailing (the default with --from latest); Ctrl-C stops
  --key-format F, --value-format F   auto (default), avro, json, text or binary
  --format json        one JSON object per line (NDJSON)
Exit 0 done, 1 a connection or registry failure, 2 a usage error (also an unknown topic or partition).

${CONNECTION_USAGE}`,
  run: (argv, out) => runSample(argv, out),
};

const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'avro', 'json', 'text', 'binary'];

type Env = Readonly<Record<string, string | undefined>>;

/** The process hooks the command uses; tests run the built bin, so these are the real ones by default. */
export interface SampleProcess {
  onInterrupt(handler: () => void): () => void;
}

const realProcess: SampleProcess = {
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

interface SampleRequest {
  topic: string;
  from: ReturnType<typeof parseStartPosition>;
  partitions?: number[];
  max?: number;
  filter: SampleFilter;
  follow: boolean;
  format: 'text' | 'json';
  keyFormat: FormatChoice;
  valueFormat: FormatChoice;
}

/** Exit 0 when done (end offsets, --max, or Ctrl-C), 1 on a connection or registry failure, 2 on usage errors. */
export async function runSample(
  argv: string[],
  out: CommandOutput,
  env: Env = process.env,
  proc: SampleProcess = realProcess,
): Promise<number> {
  const args = parseArguments(
    argv,
    ['topic', 'from', 'partitions', 'max', 'filter', 'format', 'key-format', 'value-format', ...CONNECTION_VALUE_OPTIONS],
    ['follow', ...CONNECTION_FLAG_OPTIONS],
  );
  const request = sampleRequest(args);

  const clients = await openCommandClients('sample', args, env, out, { registry: true });
  if (typeof clients === 'number') return clients;
  const { connection, kafka } = clients;
  const registry: SchemaSource | undefined = clients.registry;
  const target = `bootstrap ${connection.profile.bootstrapServers.join(',')}`;

  // A registry that fails (unreachable, 5xx, refused credentials) is the command's failure; a record it
  // cannot decode is still printed, as hex with the reason.
  const registryFailures = new Map<number, string>();
  const schemas = new SchemaCache(
    registry && {
      schemaById: async (id) => {
        try {
          return await registry.schemaById(id);
        } catch (error) {
          const description = describeConnectionError(error);
          if (description.kind !== 'registry-404') registryFailures.set(id, formatForCommandLine(description));
          throw error;
        }
      },
      subjectVersionsOfId: registry.subjectVersionsOfId?.bind(registry),
    },
  );

  let read = 0;
  let printed = 0;
  let stoppedByUser = false;
  let sampler: TopicSampler | undefined;
  let endReason: SampleEndReason | undefined;
  let endError: unknown;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  const print = (records: SampledRecord[]): { consumed: number; pause?: boolean } => {
    const lines: string[] = [];
    let consumed = 0;
    for (const record of records) {
      consumed++;
      read++;
      if (!request.filter.matches(record)) continue;
      lines.push(request.format === 'json' ? JSON.stringify(toSampleLine(record)) : textLine(record));
      printed++;
      if (request.max !== undefined && printed >= request.max) break;
    }
    if (lines.length > 0) out.print(lines.join('\n'));
    const reachedMax = request.max !== undefined && printed >= request.max;
    if (reachedMax) void sampler?.stop();
    return { consumed, pause: reachedMax };
  };

  const interrupt = () => {
    // A second Ctrl-C does not wait for the group to be deleted.
    if (stoppedByUser) process.exit(130);
    stoppedByUser = true;
    out.error("datamesh sample: stopping (leaving and deleting the sampler's consumer group)...");
    void sampler?.stop();
  };
  const removeInterrupt = proc.onInterrupt(interrupt);
  try {
    if (request.max === 0) return 0;
    sampler = new TopicSampler(kafka, {
      topic: request.topic,
      partitions: request.partitions,
      from: request.from,
      follow: request.follow,
      schemas,
      keyFormat: request.keyFormat,
      valueFormat: request.valueFormat,
      timeoutMs: connection.timeoutMs,
      onRecords: print,
      onEnd: (reason, error) => {
        endReason = reason;
        endError = error;
        finished();
      },
    });
    try {
      await sampler.start();
    } catch (error) {
      if (error instanceof SampleRequestError) {
        out.error(`datamesh sample: ${error.message}`);
        return 2;
      }
      const description = describeConnectionError(error, { target });
      out.error(`datamesh sample: ${formatForCommandLine(description)}`);
      return 1;
    }
    if (stoppedByUser) void sampler.stop();
    await done;
  } finally {
    removeInterrupt();
    await sampler?.stop();
    closeKafka(kafka);
  }

  if (endReason === 'error') {
    const description = describeConnectionError(endError, { target });
    out.error(`datamesh sample: reading stopped: ${formatForCommandLine(description)}`);
    return 1;
  }
  const why = stoppedByUser
    ? 'stopped'
    : request.max !== undefined && printed >= request.max
      ? `reached --max ${request.max}`
      : 'reached the end offsets seen at start';
  const filtered = request.filter.expression.trim() ? ` (${read} read, ${read - printed} filtered out)` : '';
  out.error(
    `datamesh sample: ${printed} event${printed === 1 ? '' : 's'} from ${request.topic}${filtered}, from ${describeStartPosition(request.from)}; ${why}.`,
  );
  for (const [id, message] of registryFailures) out.error(`datamesh sample: schema id ${id} could not be fetched: ${message}`);
  return registryFailures.size > 0 ? 1 : 0;
}

function sampleRequest(args: ReturnType<typeof parseArguments>): SampleRequest {
  if (args.positionals.length > 0) throw new UsageError(`sample takes no positional arguments (got ${args.positionals.join(' ')})`);
  const topic = args.options.get('topic');
  if (!topic) throw new UsageError('sample needs --topic TOPIC');
  const format = args.options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  let from: SampleRequest['from'];
  const fromText = args.options.get('from') ?? 'earliest';
  try {
    from = parseStartPosition(fromText);
  } catch (error) {
    if (error instanceof StartPositionError) throw new UsageError(`--from ${error.message}`);
    throw error;
  }
  let partitions: number[] | undefined;
  const partitionText = args.options.get('partitions');
  if (partitionText !== undefined) {
    partitions = partitionText.split(',').map((part) => {
      if (!/^\s*\d+\s*$/.test(part))
        throw new UsageError(`--partitions must be partition numbers separated by commas, not ${partitionText}`);
      return Number(part);
    });
  }
  let max: number | undefined;
  const maxText = args.options.get('max');
  if (maxText !== undefined) {
    if (!/^\d+$/.test(maxText)) throw new UsageError(`--max must be a non-negative whole number, not ${maxText}`);
    max = Number(maxText);
  }
  const expression = args.options.get('filter') ?? '';
  const filter = compileFilter(expression);
  if (isFilterError(filter))
    throw new UsageError(`--filter: ${filter.message} at column ${filter.column}\n  ${expression}\n  ${' '.repeat(filter.column - 1)}^`);
  const formatChoice = (name: string): FormatChoice => {
    const value = (args.options.get(name) ?? 'auto') as FormatChoice;
    if (!FORMAT_CHOICES.includes(value)) throw new UsageError(`--${name} must be one of ${FORMAT_CHOICES.join(', ')}, not ${value}`);
    return value;
  };
  return {
    topic,
    from,
    partitions,
    max,
    filter,
    follow: args.flags.has('follow') || from.kind === 'latest',
    format,
    keyFormat: formatChoice('key-format'),
    valueFormat: formatChoice('value-format'),
  };
}

/** One line for people: where, when, the key, the value, then the headers. */
function textLine(record: SampledRecord): string {
  const headers = Object.entries(record.headers);
  const value =
    record.value.format === 'binary'
      ? `(binary: ${(record.value.value as { error?: string }).error}) ${(record.value.value as { hex?: string }).hex}`
      : payloadText(record.value);
  const schema = record.value.schemaId !== undefined ? `  [schema ${record.value.schemaId}]` : '';
  const headerText = headers.length > 0 ? `  headers ${JSON.stringify(record.headers)}` : '';
  return `${record.partition}:${record.offset}  ${isoTimestamp(record.timestamp)}  key=${record.key.value === null ? '(null)' : payloadText(record.key)}  ${record.value.value === null ? '(null)' : value}${schema}${headerText}`;
}
