/**
 * The panel's page: a strict Content-Security-Policy (scripts only with this load's nonce, styles and
 * fonts only from the extension, no network at all), no inline handlers, and an empty table that the
 * bundled script (dist/webview/sampling.js) fills with text. vscode-free, so tests load the same page.
 */
import { webviewPage, type WebviewPageOptions } from '../webviewPage';

export type PanelPageOptions = WebviewPageOptions;

export function panelHtml(options: PanelPageOptions): string {
  const formats = ['auto', 'avro', 'json', 'text', 'binary'].map((format) => `<option value="${format}">${format}</option>`).join('');
  return webviewPage(
    options,
    `<header class="toolbar" aria-label="Where to read">
  <label>From <select id="from-kind">
    <option value="last">last N per partition</option>
    <option value="latest">latest (tail)</option>
    <option value="earliest">earliest</option>
    <option value="offset">offset</option>
    <option value="timestamp">timestamp</option>
  </select></label>
  <input id="from-argument" class="short" aria-label="Start argument" placeholder="100">
  <label>Partitions <input id="partitions" class="short" placeholder="all" aria-label="Partitions, e.g. 0,1"></label>
  <label>Limit <input id="limit" class="short" type="number" min="1" max="1000000" value="10000"></label>
  <label>Key <select id="key-format">${formats}</select></label>
  <label>Value <select id="value-format">${formats}</select></label>
  <button id="restart">Restart</button>
  <button id="pause" class="secondary">Pause</button>
  <span id="status" class="status" role="status"></span>
</header>
<section class="toolbar" aria-label="Finding">
  <label class="grow">Filter <input id="filter" class="grow" spellcheck="false" placeholder='CEL, e.g. value.amount > 100 &amp;&amp; headers.source == "web"'></label>
  <label>Search <input id="search" spellcheck="false" placeholder="key, value, headers"></label>
  <button id="export-ndjson" class="secondary">Export NDJSON</button>
  <button id="export-csv" class="secondary">Export CSV</button>
</section>
<pre id="filter-error" class="error" hidden></pre>
<div id="partition-status" class="progress"></div>
<section class="histogram" aria-label="Messages over time">
  <svg id="histogram"></svg>
  <div id="histogram-label" class="hint"></div>
</section>
<main class="split">
  <section class="table" aria-label="Messages">
    <div id="scroller" class="scroller" tabindex="0">
      <div class="row head" role="row"><span class="cell partition">P</span><span class="cell offset">Offset</span><span class="cell timestamp">Timestamp</span><span class="cell key">Key</span><span class="cell value">Value</span><span class="cell headers">Headers</span><span class="cell schema">Schema</span></div>
      <div id="rows" class="rows" role="rowgroup"></div>
    </div>
    <div id="count" class="hint"></div>
  </section>
  <aside id="detail" class="detail" aria-label="Record"></aside>
</main>
<details id="produce-panel" class="produce">
  <summary>Produce, republish, import</summary>
  <div class="toolbar">
    <label>Key <input id="produce-key" spellcheck="false"></label>
    <label>Value as <select id="produce-format"><option value="avro">avro</option><option value="json">json</option><option value="text">text</option></select></label>
    <button id="template" class="secondary">Template from schema</button>
    <button id="validate" class="secondary">Validate</button>
    <button id="produce">Produce</button>
    <button id="import" class="secondary">Import NDJSON…</button>
  </div>
  <textarea id="produce-value" rows="8" spellcheck="false" aria-label="Value"></textarea>
  <label>Headers (JSON object) <textarea id="produce-headers" rows="2" spellcheck="false">{}</textarea></label>
  <div class="toolbar">
    <label>Republish the selected records to <input id="republish-topic" spellcheck="false"></label>
    <button id="republish" class="secondary">Republish</button>
  </div>
</details>
<div id="notice" class="notice" role="alert" hidden></div>`,
    { images: true },
  );
}
