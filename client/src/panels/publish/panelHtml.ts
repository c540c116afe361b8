/**
 * The publish preview's page: a strict Content-Security-Policy (scripts only with this load's nonce, styles
 * only from the extension, no network), no inline handlers, and empty sections that the bundled script
 * (dist/webview/publish.js) fills with text. vscode-free, so tests load the same page.
 */
export interface PublishPageOptions {
  /** The webview's own source for `style-src`/`font-src` (webview.cspSource). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
}

export function publishPanelHtml(options: PublishPageOptions): string {
  const { cspSource, scriptUri, styleUri, nonce } = options;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    "img-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>${escapeText(options.title)}</title>
</head>
<body>
<header class="toolbar">
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
</footer>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
