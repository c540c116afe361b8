/**
 * The sampling panel's model, free of VS Code so that tests can drive it: a ring buffer of records fed
 * by a TopicSampler, the criteria (CEL filter, text search, time range) and the rows that pass them,
 * windows of row previews on request, a histogram, record details, and the actions (export, produce,
 * republish, import). Updates to the webview are batched: at most one `view` and one `status` per tick
 * (100 ms), however many events arrive.
 */
import type { SampledRecord } from '../../engines/sample/sampleTypes';
import { RingBuffer } from '../../engines/sample/ringBuffer';
import { detachRecord } from '../../engines/sample/detachRecord';
import { compileFilter, isFilterError, type SampleFilter } from '../../engines/sample/sampleFilter';
import { textMatcher, payloadText } from '../../engines/sample/textSearch';
import { exportRecords, type ExportFormat } from '../../engines/sample/sampleExport';
import { toSampleLine } from '../../engines/sample/sampleLine';
import { checkAgainstLocalSchema, type LocalSchema } from '../../engines/sample/localSchemaCheck';
import type { AvroValueProblem } from '../../engines/sample/avroPlainJson';
import { parseStartPosition, StartPositionError } from '../../engines/sample/startPosition';
import type { SampleEndReason, TopicSamplerOptions } from '../../engines/sample/topicSampler';
import type { PartitionProgress } from '../../engines/sample/sampleTypes';
import {
  DEFAULT_PANEL_LIMIT,
  MAX_PANEL_LIMIT,
  MAX_ROWS_PER_REQUEST,
  PREVIEW_LENGTH,
  RAW_HEX_LIMIT,
  type DecodedPart,
  type FilterProblem,
  type HistogramData,
  type HostMessage,
  type RecordDetail,
  type RowSummary,
  type SamplerState,
  type StartSettings,
  type WebviewMessage,
} from './messages';

/** The sampler as the session uses it (TopicSampler, or a test's source of records). */
export interface SamplerHandle {
  start(): Promise<void>;
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  progress(): PartitionProgress[];
}

export type SamplerFactory = (
  options: Pick<TopicSamplerOptions, 'topic' | 'partitions' | 'from' | 'follow' | 'keyFormat' | 'valueFormat' | 'onRecords' | 'onEnd'>,
) => SamplerHandle;

/** What the panel does outside the model: the network and the editor's dialogs. */
export interface SessionActions {
  /** Writes text somewhere the user picks; returns where, or undefined when cancelled. */
  save?(text: string, format: ExportFormat): Promise<string | undefined>;
  copy?(text: string): Promise<void>;
  produce?(request: Extract<WebviewMessage, { type: 'produce' }>): Promise<string>;
  republish?(records: SampledRecord[], topic: string): Promise<string>;
  importFile?(): Promise<string | undefined>;
  template?(): Promise<Extract<HostMessage, { type: 'template' }>>;
}

export const DEFAULT_START: StartSettings = {
  from: 'last:100',
  partitions: [],
  limit: DEFAULT_PANEL_LIMIT,
  keyFormat: 'auto',
  valueFormat: 'auto',
};

const TICK_MS = 100;
const HISTOGRAM_BUCKETS = 60;

export class SamplingSession {
  private settings: StartSettings = { ...DEFAULT_START };
  private buffer = new RingBuffer<SampledRecord>(DEFAULT_PANEL_LIMIT);
  private sampler: SamplerHandle | undefined;
  private state: SamplerState = 'connecting';
  private stateMessage = '';
  private filter: SampleFilter = compileFilter('') as SampleFilter;
  private filterProblem: FilterProblem | null = null;
  private search: (record: SampledRecord) => boolean = () => true;
  private timeRange: [number, number] | null = null;
  /** Records that pass the filter and the search, oldest first; `head` skips those dropped from the buffer. */
  private passing: SampledRecord[] = [];
  private head = 0;
  /** `passing` narrowed to the time range (the table's rows), or the same array without a range. */
  private visible: SampledRecord[] | undefined;
  private readonly bySeq = new Map<number, SampledRecord>();
  private readonly drift = new Map<number, AvroValueProblem[]>();
  private localSchema: LocalSchema | undefined;
  private generation = 0;
  private viewDirty = true;
  private statusDirty = true;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private ticks = 0;

  constructor(
    readonly topic: string,
    private readonly post: (message: HostMessage) => void,
    private readonly createSampler: SamplerFactory,
    private readonly actions: SessionActions = {},
    settings: Partial<StartSettings> = {},
  ) {
    this.settings = { ...DEFAULT_START, ...settings };
    this.timer = setInterval(() => this.flush(), TICK_MS);
    this.timer.unref?.();
  }

  /** The records in the buffer, oldest first (for tests and exports). */
  records(): SampledRecord[] {
    return this.buffer.toArray();
  }

  setLocalSchema(schema: LocalSchema | undefined): void {
    this.localSchema = schema;
    this.drift.clear();
    if (schema) for (const record of this.buffer) this.checkDrift(record);
    this.resetView();
  }

  async handle(message: WebviewMessage): Promise<void> {
    if (this.disposed) return;
    switch (message.type) {
      case 'ready':
        this.post({ type: 'init', topic: this.topic, settings: this.settings, localSchema: this.localSchema?.source ?? null });
        this.viewDirty = this.statusDirty = true;
        if (!this.sampler) await this.restart(this.settings);
        else this.flush();
        return;
      case 'restart':
        await this.restart(message.settings);
        return;
      case 'pause':
        this.sampler?.pause();
        this.setState('paused', 'Paused.');
        return;
      case 'resume':
        this.sampler?.resume();
        this.setState('running', this.buffer.full ? 'Resumed: the buffer is full, so the oldest records make room.' : 'Live.');
        return;
      case 'criteria':
        this.setCriteria(message.filter, message.search, message.timeRange);
        return;
      case 'rows':
        this.sendRows(message.generation, message.start, message.count);
        return;
      case 'detail': {
        const record = this.bySeq.get(message.seq);
        if (record) this.post({ type: 'detail', detail: this.detailOf(record) });
        return;
      }
      case 'copy': {
        const record = this.bySeq.get(message.seq);
        if (!record) return;
        const text =
          message.part === 'record'
            ? JSON.stringify(toSampleLine(record), null, 2)
            : payloadText(message.part === 'key' ? record.key : record.value);
        await this.actions.copy?.(text);
        this.notice('info', `Copied the ${message.part} of ${record.partition}:${record.offset}.`);
        return;
      }
      case 'export':
        await this.runAction(async () => {
          const rows = this.rows();
          const where = await this.actions.save?.(exportRecords(rows, message.format), message.format);
          if (where) this.notice('info', `Exported ${rows.length} record${rows.length === 1 ? '' : 's'} to ${where}.`);
        });
        return;
      case 'import':
        await this.runAction(async () => {
          const result = await this.actions.importFile?.();
          if (result) this.notice('info', result);
        });
        return;
      case 'template':
        await this.runAction(async () => {
          const template = await this.actions.template?.();
          if (template) this.post(template);
        });
        return;
      case 'produce':
        await this.runAction(async () => {
          if (!this.actions.produce) return;
          this.notice('info', await this.actions.produce(message));
        });
        return;
      case 'republish':
        await this.runAction(async () => {
          const records = message.seqs.map((seq) => this.bySeq.get(seq)).filter((record): record is SampledRecord => record !== undefined);
          if (records.length === 0) throw new Error('Select the records to republish first.');
          if (this.actions.republish) this.notice('info', await this.actions.republish(records, message.topic));
        });
        return;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    await this.sampler?.stop();
  }

  private async restart(requested: StartSettings): Promise<void> {
    let from;
    try {
      from = parseStartPosition(requested.from);
    } catch (error) {
      this.notice('error', error instanceof StartPositionError ? `Start: ${error.message}` : String(error));
      return;
    }
    const limit = Math.min(MAX_PANEL_LIMIT, Math.max(1, Math.floor(requested.limit) || DEFAULT_PANEL_LIMIT));
    this.settings = { ...requested, limit };
    const previous = this.sampler;
    this.sampler = undefined;
    await previous?.stop();
    this.buffer = new RingBuffer(limit);
    this.bySeq.clear();
    this.drift.clear();
    this.passing = [];
    this.head = 0;
    this.resetView();
    this.setState('connecting', `Connecting to ${this.topic}…`);
    const sampler = this.createSampler({
      topic: this.topic,
      partitions: requested.partitions,
      from,
      follow: true,
      keyFormat: requested.keyFormat,
      valueFormat: requested.valueFormat,
      onRecords: (records) => (this.sampler === sampler ? this.ingest(records) : { consumed: records.length }),
      onEnd: (reason, error) => {
        if (this.sampler === sampler) this.ended(reason, error);
      },
    });
    this.sampler = sampler;
    try {
      await sampler.start();
      if (this.sampler === sampler && this.state === 'connecting') this.setState('running', 'Live.');
    } catch (error) {
      if (this.sampler === sampler) this.setState('error', error instanceof Error ? error.message : String(error));
    }
  }

  /** Takes what fits in the buffer; a full buffer pauses the sampler (the rest is read again on resume). */
  private ingest(records: SampledRecord[]): { consumed: number; pause?: boolean } {
    const wasPausedFull = this.state === 'running' && this.buffer.full;
    // Once the user resumes a full buffer, the ring makes room by dropping the oldest.
    const room = wasPausedFull ? records.length : this.buffer.capacity - this.buffer.size;
    const taken = records.slice(0, room);
    for (const record of taken) {
      const dropped = this.buffer.push(detachRecord(record));
      if (dropped) this.drop(dropped);
      this.bySeq.set(record.seq, record);
      if (this.localSchema) this.checkDrift(record);
      if (this.passes(record)) {
        this.passing.push(record);
        if (this.visible && this.visible !== this.passing && this.inRange(record)) this.visible.push(record);
      }
    }
    this.viewDirty = this.statusDirty = true;
    if (taken.length < records.length || (!wasPausedFull && this.buffer.full)) {
      this.setState(
        'full',
        `Paused: the buffer holds its limit of ${this.buffer.capacity.toLocaleString('en-US')} records. Resume to keep the newest.`,
      );
      return { consumed: taken.length, pause: true };
    }
    return { consumed: taken.length };
  }

  private drop(record: SampledRecord): void {
    this.bySeq.delete(record.seq);
    this.drift.delete(record.seq);
    if (this.passing[this.head] === record) {
      this.head++;
      // Compact now and then, so that dropped records do not pile up.
      if (this.head > 4096 && this.head * 2 > this.passing.length) {
        this.passing = this.passing.slice(this.head);
        this.head = 0;
      }
      this.resetView();
    }
  }

  private ended(reason: SampleEndReason, error: unknown): void {
    if (reason === 'error') this.setState('error', `Reading stopped: ${error instanceof Error ? error.message : String(error)}`);
    else this.setState('ended', 'Stopped.');
  }

  private setCriteria(filterText: string, searchText: string, timeRange: [number, number] | null): void {
    const compiled = compileFilter(filterText);
    if (isFilterError(compiled)) {
      // The previous filter stays in force; the webview shows the error at its column.
      this.filterProblem = compiled;
    } else {
      this.filter = compiled;
      this.filterProblem = null;
    }
    this.search = textMatcher(searchText);
    this.timeRange = timeRange;
    this.passing = [];
    this.head = 0;
    for (const record of this.buffer) if (this.passes(record)) this.passing.push(record);
    this.resetView();
  }

  private passes(record: SampledRecord): boolean {
    return this.filter.matches(record) && this.search(record);
  }

  private inRange(record: SampledRecord): boolean {
    return !this.timeRange || (record.timestamp >= this.timeRange[0] && record.timestamp <= this.timeRange[1]);
  }

  /** The table's rows: passing records within the time range. */
  private rows(): SampledRecord[] {
    if (!this.visible) {
      const live = this.head === 0 ? this.passing : this.passing.slice(this.head);
      if (this.head > 0) {
        this.passing = live;
        this.head = 0;
      }
      this.visible = this.timeRange ? live.filter((record) => this.inRange(record)) : live;
    }
    return this.visible;
  }

  private resetView(): void {
    this.visible = undefined;
    this.generation++;
    this.viewDirty = true;
  }

  private sendRows(generation: number, start: number, count: number): void {
    if (generation !== this.generation) return;
    const rows = this.rows();
    const from = Math.max(0, Math.min(start, rows.length));
    const to = Math.min(rows.length, from + Math.max(0, Math.min(count, MAX_ROWS_PER_REQUEST)));
    this.post({ type: 'rows', generation, start: from, rows: rows.slice(from, to).map((record) => this.summaryOf(record)) });
  }

  private summaryOf(record: SampledRecord): RowSummary {
    const problems = this.drift.get(record.seq);
    const headerText = Object.entries(record.headers)
      .map(([name, value]) => `${name}=${value}`)
      .join(', ');
    return {
      seq: record.seq,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      key: preview(record.key.value === null ? '' : payloadText(record.key)),
      value: preview(record.value.value === null ? '' : payloadText(record.value)),
      headers: preview(headerText),
      schemaId: record.value.schemaId ?? null,
      format: record.value.format,
      drift: problems && problems.length > 0 ? `${problems[0].path || 'value'}: ${problems[0].message}` : null,
    };
  }

  private detailOf(record: SampledRecord): RecordDetail {
    const part = (payload: SampledRecord['key']): DecodedPart | null =>
      payload.value === null
        ? null
        : {
            format: payload.format,
            json: JSON.stringify(payload.value),
            size: payload.size,
            ...(payload.schemaId !== undefined ? { schemaId: payload.schemaId } : {}),
            ...(payload.subject !== undefined ? { subject: payload.subject, version: payload.version } : {}),
            ...(payload.format === 'binary' ? { error: (payload.value as { error?: string }).error } : {}),
          };
    const hex = (bytes: Buffer | null) => (bytes === null ? null : bytes.subarray(0, RAW_HEX_LIMIT).toString('hex'));
    return {
      seq: record.seq,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      key: part(record.key),
      value: part(record.value),
      headers: Object.entries(record.headers),
      rawKeyHex: hex(record.rawKey),
      rawValueHex: hex(record.rawValue),
      rawTruncated: (record.rawKey?.length ?? 0) > RAW_HEX_LIMIT || (record.rawValue?.length ?? 0) > RAW_HEX_LIMIT,
      problems: this.drift.get(record.seq) ?? [],
    };
  }

  private checkDrift(record: SampledRecord): void {
    if (!this.localSchema) return;
    const problems = checkAgainstLocalSchema(record, this.localSchema);
    if (problems.length > 0) this.drift.set(record.seq, problems);
    else this.drift.delete(record.seq);
  }

  private histogram(rows: SampledRecord[]): HistogramData | null {
    if (rows.length === 0) return null;
    // Over what passes the filter and search, not the time range: the brush narrows within it.
    let from = Infinity;
    let to = -Infinity;
    const source = this.head === 0 ? this.passing : this.passing.slice(this.head);
    for (const record of source) {
      if (record.timestamp < from) from = record.timestamp;
      if (record.timestamp > to) to = record.timestamp;
    }
    if (!Number.isFinite(from)) return null;
    const span = Math.max(1, to - from + 1);
    const counts = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
    for (const record of source)
      counts[Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(((record.timestamp - from) / span) * HISTOGRAM_BUCKETS))]++;
    return { from, to: from + span, counts };
  }

  private flush(): void {
    if (this.disposed) return;
    // The position against the end offsets moves without new records (the sampler refreshes the ends).
    if (++this.ticks % 10 === 0 && this.sampler && (this.state === 'running' || this.state === 'paused' || this.state === 'full'))
      this.statusDirty = true;
    if (this.viewDirty) {
      this.viewDirty = false;
      const rows = this.rows();
      this.post({
        type: 'view',
        generation: this.generation,
        total: rows.length,
        buffered: this.buffer.size,
        histogram: this.histogram(rows),
        filterProblem: this.filterProblem,
        localSchema: this.localSchema?.source ?? null,
      });
    }
    if (this.statusDirty) {
      this.statusDirty = false;
      this.post({
        type: 'status',
        state: this.state,
        message: this.stateMessage,
        partitions: (this.sampler?.progress() ?? []).map(({ partition, position, end, lag }) => ({ partition, position, end, lag })),
        buffered: this.buffer.size,
        limit: this.buffer.capacity,
      });
    }
  }

  private setState(state: SamplerState, message: string): void {
    this.state = state;
    this.stateMessage = message;
    this.statusDirty = true;
  }

  private notice(level: 'info' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  private async runAction(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.notice('error', error instanceof Error ? error.message : String(error));
    }
  }
}

function preview(text: string): string {
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}
