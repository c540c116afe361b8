/**
 * The publish preview's page: a strict Content-Security-Policy (scripts only with this load's nonce, styles
 * only from the extension, no network), no inline handlers, and empty sections that the bundled script
 * (dist/webview/publish.js) fills with text. vscode-free, so tests load the same page.
 */
import { webviewPage, type WebviewPageOptions } from '../webviewPage';

export type PublishPageOptions = WebviewPageOptions;

export function publishPanelHtml(options: PublishPageOptions): string {
  return webviewPage(
    options,
    `<header class="toolbar">
  <h1 id="title">Publish preview</h1>
  <span id="status" class="status" role="status"></span>
</header>
<p id="headline" class="headline"></p>
<div id="outcome" class="outcome" role="alert" hidden></div>
<div id="sections"></div>
<footer class="toolbar">
  <label id="accept-label" hidden><input type="checkbox" id="accept-events"> Accept event changes: existing events will mean something else</label>
  <button id="publish" disabled>Publish</button>
  <button id="refresh" class="secondary">Refresh plan</button>
</footer>`,
  );
}
