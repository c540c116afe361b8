/// <reference lib="dom" />
/**
 * The sampling panel's page: controls, the virtualized table, the histogram and the detail pane, all
 * talking to the extension through the typed messages of ../messages.
 */
import type { FormatChoiceName, HostMessage, StartSettings } from '../messages';
import { byId, debounce } from './dom';
import { DetailPane } from './detailPane';
import { HistogramView } from './histogramView';
import { loadState, onHostMessage, saveState, send } from './hostChannel';
import { RowTable } from './rowTable';

interface PanelState {
  filter: string;
  search: string;
  timeRange: [number, number] | null;
  settings: StartSettings;
  scrollTop: number;
  produceValue: string;
  produceKey: string;
  produceHeaders: string;
}

const saved = loadState<PanelState>();
const fromKind = byId<HTMLSelectElement>('from-kind');
const fromArgument = byId<HTMLInputElement>('from-argument');
const partitionsInput = byId<HTMLInputElement>('partitions');
const limitInput = byId<HTMLInputElement>('limit');
const keyFormat = byId<HTMLSelectElement>('key-format');
const valueFormat = byId<HTMLSelectElement>('value-format');
const pauseButton = byId<HTMLButtonElement>('pause');
const statusText = byId<HTMLElement>('status');
const filterInput = byId<HTMLInputElement>('filter');
const searchInput = byId<HTMLInputElement>('search');
const filterError = byId<HTMLPreElement>('filter-error');
const countText = byId<HTMLElement>('count');
const partitionStatus = byId<HTMLElement>('partition-status');
const notice = byId<HTMLElement>('notice');
const produceValue = byId<HTMLTextAreaElement>('produce-value');
const produceKey = byId<HTMLInputElement>('produce-key');
const produceHeaders = byId<HTMLTextAreaElement>('produce-headers');
const produceFormat = byId<HTMLSelectElement>('produce-format');
const republishTopic = byId<HTMLInputElement>('republish-topic');

let timeRange: [number, number] | null = saved.timeRange ?? null;
let paused = false;
let localSchema: string | null = null;

const detail = new DetailPane(byId('detail'), (seq, part) => send({ type: 'copy', seq, part }));
detail.clear();
const table = new RowTable(byId('scroller'), byId('rows'), {
  requestRows: (generation, start, count) => send({ type: 'rows', generation, start, count }),
  select: (row) => send({ type: 'detail', seq: row.seq }),
});
const histogram = new HistogramView(document.getElementById('histogram') as unknown as SVGSVGElement, byId('histogram-label'), (range) => {
  timeRange = range;
  sendCriteria();
});
histogram.setRange(timeRange);

function persist(): void {
  saveState<PanelState>({
    filter: filterInput.value,
    search: searchInput.value,
    timeRange,
    settings: readSettings(),
    scrollTop: table.scrollTop,
    produceValue: produceValue.value,
    produceKey: produceKey.value,
    produceHeaders: produceHeaders.value,
  });
}

function sendCriteria(): void {
  send({ type: 'criteria', filter: filterInput.value, search: searchInput.value, timeRange });
  persist();
}

function readSettings(): StartSettings {
  const kind = fromKind.value;
  const argument = fromArgument.value.trim();
  const from = kind === 'latest' || kind === 'earliest' ? kind : `${kind}:${argument || (kind === 'last' ? '100' : '0')}`;
  const partitions = partitionsInput.value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
  return {
    from,
    partitions,
    limit: Number(limitInput.value) || 10_000,
    keyFormat: keyFormat.value as FormatChoiceName,
    valueFormat: valueFormat.value as FormatChoiceName,
  };
}

function showSettings(settings: StartSettings): void {
  const [kind, ...rest] = settings.from.split(':');
  fromKind.value = kind;
  fromArgument.value = rest.join(':');
  fromArgument.disabled = kind === 'latest' || kind === 'earliest';
  partitionsInput.value = settings.partitions.join(',');
  limitInput.value = String(settings.limit);
  keyFormat.value = settings.keyFormat;
  valueFormat.value = settings.valueFormat;
}

function showNotice(level: 'info' | 'error', message: string): void {
  notice.hidden = false;
  notice.className = `notice ${level}`;
  notice.textContent = message;
}

onHostMessage((message: HostMessage) => {
  switch (message.type) {
    case 'init':
      document.title = `Sample ${message.topic}`;
      showSettings(saved.settings ?? message.settings);
      republishTopic.value ||= message.topic;
      localSchema = message.localSchema;
      if (saved.filter || saved.search || saved.timeRange) sendCriteria();
      if (saved.scrollTop) requestAnimationFrame(() => (table.scrollTop = saved.scrollTop ?? 0));
      return;
    case 'view': {
      table.update(message.generation, message.total);
      histogram.update(message.histogram);
      localSchema = message.localSchema;
      const schemaNote = localSchema ? ` · checked against ${localSchema}` : '';
      countText.textContent = `${message.total.toLocaleString('en-US')} shown of ${message.buffered.toLocaleString('en-US')} buffered${schemaNote}`;
      if (message.filterProblem) {
        const { column, message: text } = message.filterProblem;
        filterError.hidden = false;
        filterError.textContent = `${text} (column ${column}); the previous filter stays in force\n${filterInput.value}\n${' '.repeat(Math.max(0, column - 1))}^`;
        filterInput.classList.add('invalid');
      } else {
        filterError.hidden = true;
        filterInput.classList.remove('invalid');
      }
      return;
    }
    case 'rows':
      table.receive(message.generation, message.start, message.rows);
      return;
    case 'status':
      paused = message.state === 'paused' || message.state === 'full';
      pauseButton.textContent = paused ? 'Resume' : 'Pause';
      pauseButton.disabled = message.state === 'ended' || message.state === 'error' || message.state === 'connecting';
      statusText.textContent = `${message.state}: ${message.message} (${message.buffered.toLocaleString('en-US')} / ${message.limit.toLocaleString('en-US')})`;
      statusText.dataset.state = message.state;
      partitionStatus.textContent = message.partitions
        .map((entry) => `p${entry.partition} ${entry.position}/${entry.end} (lag ${entry.lag})`)
        .join('   ');
      return;
    case 'detail':
      detail.show(message.detail);
      return;
    case 'template':
      produceValue.value = message.text;
      produceFormat.value = message.format;
      showNotice('info', `Template from ${message.source}.`);
      persist();
      return;
    case 'notice':
      showNotice(message.level, message.message);
      return;
  }
});

fromKind.addEventListener('change', () => {
  fromArgument.disabled = fromKind.value === 'latest' || fromKind.value === 'earliest';
  fromArgument.placeholder = { last: '100', offset: '0 or 0=15,1=20', timestamp: '2026-01-31T12:00:00Z' }[fromKind.value] ?? '';
});
byId('restart').addEventListener('click', () => {
  send({ type: 'restart', settings: readSettings() });
  persist();
});
pauseButton.addEventListener('click', () => send({ type: paused ? 'resume' : 'pause' }));
filterInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') sendCriteria();
});
filterInput.addEventListener('input', debounce(sendCriteria, 400));
searchInput.addEventListener('input', debounce(sendCriteria, 250));
byId('export-ndjson').addEventListener('click', () => send({ type: 'export', format: 'ndjson' }));
byId('export-csv').addEventListener('click', () => send({ type: 'export', format: 'csv' }));
byId('import').addEventListener('click', () => send({ type: 'import' }));
byId('template').addEventListener('click', () => send({ type: 'template' }));
const produce = (validateOnly: boolean) => {
  persist();
  send({
    type: 'produce',
    key: produceKey.value,
    value: produceValue.value,
    valueFormat: produceFormat.value as 'avro' | 'json' | 'text',
    headers: produceHeaders.value,
    validateOnly,
  });
};
byId('validate').addEventListener('click', () => produce(true));
byId('produce').addEventListener('click', () => produce(false));
byId('republish').addEventListener('click', () =>
  send({ type: 'republish', seqs: [...table.selected], topic: republishTopic.value.trim() }),
);
notice.addEventListener('click', () => (notice.hidden = true));
byId('scroller').addEventListener('scroll', debounce(persist, 300));
filterInput.value = saved.filter ?? '';
searchInput.value = saved.search ?? '';
produceValue.value = saved.produceValue ?? '';
produceKey.value = saved.produceKey ?? '';
produceHeaders.value = saved.produceHeaders ?? '{}';
send({ type: 'ready' });
