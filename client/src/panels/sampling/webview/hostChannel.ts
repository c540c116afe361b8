/// <reference lib="dom" />
/**
 * The webview's end of the typed channel: `acquireVsCodeApi()` for sending and for state that survives
 * hiding the panel, window `message` events for receiving.
 */
import type { HostMessage, WebviewMessage } from '../messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: WebviewMessage): void {
  api.postMessage(message);
}

export function onHostMessage(handler: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as HostMessage | undefined;
    if (data && typeof data === 'object' && typeof data.type === 'string') handler(data);
  });
}

export function loadState<T>(): Partial<T> {
  const state = api.getState();
  return state && typeof state === 'object' ? (state as Partial<T>) : {};
}

export function saveState<T>(state: T): void {
  api.setState(state);
}
