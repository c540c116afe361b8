/**
 * The frame every webview page of the extension shares: a strict Content-Security-Policy (scripts only with
 * this load's nonce, styles and fonts only from the extension, no network at all), the stylesheet, and the one
 * bundled script after the page's own markup, which has no inline handlers. vscode-free, so tests load the
 * same pages.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewPageOptions {
  /** The webview's own source for `style-src`/`font-src` (webview.cspSource). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
}

/** A fresh nonce for each load of a page: the one script it carries is the only one allowed to run. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The whole document around `body` (the page's markup, trusted: never event data). */
export function webviewPage(options: WebviewPageOptions, body: string, allow: { images?: boolean } = {}): string {
  const { cspSource, scriptUri, styleUri, nonce } = options;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    allow.images ? `img-src ${cspSource} data:` : "img-src 'none'",
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
${body}
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
