/**
 * The workspace's data-product manifests as product summaries (the Mesh view's drafts). Found on first
 * use, not at activation; kept current by a file watcher. Parsing is the language server's own
 * summarizeManifest, so the view and the editor agree on what a manifest says.
 */
import * as vscode from 'vscode';
import type { ProductSummary } from '../../../server/src/services/index';
import { Listeners, type DraftSource, type Subscription } from '../connections/browseContext';
import { languageServices as services } from './lazyLanguageServices';

/** Saves come in bursts (format on save, git checkout): one refresh per burst. */
const DEBOUNCE_MS = 300;

export class WorkspaceDrafts implements DraftSource, vscode.Disposable {
  private readonly summaries = new Map<string, ProductSummary>();
  private loaded: Promise<void> | undefined;
  private list: ProductSummary[] | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changes = new Listeners<void>();
  private timer: NodeJS.Timeout | undefined;

  async products(): Promise<ProductSummary[]> {
    this.loaded ??= this.load();
    await this.loaded;
    // The same array until something changes, so that callers can cache what they build from it.
    this.list ??= [...this.summaries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.list;
  }

  onDidChange(listener: () => void): Subscription {
    return this.changes.add(listener);
  }

  dispose(): void {
    this.watcher?.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.changes.clear();
  }

  private async load(): Promise<void> {
    // The same folders are skipped as by the language server's scan and `datamesh lint`.
    const { MANIFEST_GLOB, IGNORED_FOLDERS_GLOB } = services();
    this.watcher = vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB);
    this.watcher.onDidCreate((uri) => this.update(uri));
    this.watcher.onDidChange((uri) => this.update(uri));
    this.watcher.onDidDelete((uri) => {
      if (this.summaries.delete(uri.toString())) this.changed();
    });
    const uris = await vscode.workspace.findFiles(MANIFEST_GLOB, IGNORED_FOLDERS_GLOB);
    await Promise.all(uris.map((uri) => this.read(uri)));
  }

  private update(uri: vscode.Uri): void {
    void this.read(uri).then(() => this.changed());
  }

  private async read(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const summary = services().summarizeManifest(key, Buffer.from(bytes).toString('utf8'));
      if (summary) this.summaries.set(key, summary);
      else this.summaries.delete(key);
    } catch {
      this.summaries.delete(key); // unreadable or gone: not a product
    }
  }

  private changed(): void {
    this.list = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changes.fire();
    }, DEBOUNCE_MS);
  }
}
