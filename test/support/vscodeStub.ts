/**
 * A minimal `vscode` module for running tree providers, commands and the connection layer outside
 * VS Code (unit and integration tests, the benchmark). Only what this extension's client code uses;
 * behaviour follows the real API where tests look at it (TreeItem fields, MarkdownString escaping,
 * EventEmitter). `stubState` lets tests script prompts and inspect settings, messages and clipboard.
 * Installed by ./installVscodeStub (import it first).
 */
import { readFile } from 'node:fs/promises';

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum InputBoxValidationSeverity {
  Info = 1,
  Warning = 2,
  Error = 3,
}

export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  supportThemeIcons?: boolean;

  constructor(
    public value = '',
    supportThemeIcons = false,
  ) {
    this.supportThemeIcons = supportThemeIcons;
  }

  appendText(value: string): MarkdownString {
    // As VS Code does: Markdown's special characters escaped.
    this.value += value.replace(/[\\`*_{}[\]()#+\-!.|<>~&]/g, '\\$&').replace(/\n/g, '\n\n');
    return this;
  }

  appendMarkdown(value: string): MarkdownString {
    this.value += value;
    return this;
  }

  appendCodeblock(code: string, language = ''): MarkdownString {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}

  static parse(value: string): Uri {
    const url = new URL(value);
    return new Uri(
      url.protocol.replace(/:$/, ''),
      url.host,
      decodeURIComponent(url.pathname),
      url.search.replace(/^\?/, ''),
      url.hash.replace(/^#/, ''),
    );
  }

  static file(path: string): Uri {
    return new Uri('file', '', path, '', '');
  }

  static from(components: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(components.scheme, components.authority ?? '', components.path ?? '', components.query ?? '', components.fragment ?? '');
  }

  get fsPath(): string {
    return this.path;
  }

  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(
      change.scheme ?? this.scheme,
      change.authority ?? this.authority,
      change.path ?? this.path,
      change.query ?? this.query,
      change.fragment ?? this.fragment,
    );
  }

  toString(): string {
    const path = this.path
      .split('/')
      .map((segment) => encodeURIComponent(segment))
      .join('/');
    return `${this.scheme}://${this.authority}${path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }

  toJSON(): unknown {
    return { scheme: this.scheme, authority: this.authority, path: this.path, query: this.query, fragment: this.fragment };
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number | Position, startCharacter: number | Position, endLine?: number, endCharacter?: number) {
    if (startLine instanceof Position && startCharacter instanceof Position) {
      this.start = startLine;
      this.end = startCharacter;
    } else {
      this.start = new Position(startLine as number, startCharacter as number);
      this.end = new Position(endLine ?? 0, endCharacter ?? 0);
    }
  }
}

export class Selection extends Range {
  constructor(anchor: Position, active: Position) {
    super(anchor, active);
  }
}

export class TreeItem {
  id?: string;
  label?: string;
  description?: string | boolean;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon | Uri;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  resourceUri?: Uri;
  constructor(
    label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {
    this.label = label;
  }
}

export class Disposable {
  constructor(private readonly callOnDispose: () => unknown) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export type Event<T> = (listener: (value: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(value: T) => unknown>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** What tests script and inspect. */
export const stubState = {
  /** Settings by full key, e.g. "datamesh.connections". */
  settings: new Map<string, unknown>(),
  configurationListeners: new Set<(event: { affectsConfiguration(section: string): boolean }) => void>(),
  /** Answers for showInputBox / showQuickPick / showOpenDialog, consumed in order. */
  answers: [] as unknown[],
  prompts: [] as { kind: string; options: unknown; items?: unknown[] }[],
  messages: [] as { level: 'info' | 'warning' | 'error'; message: string }[],
  /** The buttons show*Message answers, consumed in order (a message with no answer queued is dismissed). */
  messageAnswers: [] as (string | undefined)[],
  clipboard: '',
  commands: new Map<string, (...args: any[]) => unknown>(),
  contexts: new Map<string, unknown>(),
  /** The open documents (workspace.textDocuments); openDocument() adds one and fires onDidOpenTextDocument. */
  textDocuments: [] as { uri: Uri; languageId: string }[],
  documentOpenListeners: new Set<(document: { uri: Uri; languageId: string }) => void>(),
  openDocument(document: { uri: Uri; languageId: string }): void {
    this.textDocuments.push(document);
    for (const listener of [...this.documentOpenListeners]) listener(document);
  },
  reset(): void {
    this.settings.clear();
    this.configurationListeners.clear();
    this.answers = [];
    this.prompts = [];
    this.messages = [];
    this.messageAnswers = [];
    this.clipboard = '';
    this.contexts.clear();
    this.textDocuments = [];
    this.documentOpenListeners.clear();
  },
};

function nextAnswer(kind: string, options: unknown, items?: unknown[]): unknown {
  stubState.prompts.push({ kind, options, ...(items ? { items } : {}) });
  const answer = stubState.answers.shift();
  return typeof answer === 'function' ? (answer as (items?: unknown[]) => unknown)(items) : answer;
}

export const workspace = {
  getConfiguration(section?: string) {
    const full = (key: string) => (section ? `${section}.${key}` : key);
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        return stubState.settings.has(full(key)) ? (stubState.settings.get(full(key)) as T) : fallback;
      },
      has(key: string): boolean {
        return stubState.settings.has(full(key));
      },
      async update(key: string, value: unknown): Promise<void> {
        if (value === undefined) stubState.settings.delete(full(key));
        else stubState.settings.set(full(key), JSON.parse(JSON.stringify(value)));
        const changed = full(key);
        for (const listener of stubState.configurationListeners)
          listener({ affectsConfiguration: (name: string) => changed === name || changed.startsWith(`${name}.`) });
      },
    };
  },
  onDidChangeConfiguration(listener: (event: { affectsConfiguration(section: string): boolean }) => void): Disposable {
    stubState.configurationListeners.add(listener);
    return new Disposable(() => stubState.configurationListeners.delete(listener));
  },
  get textDocuments(): readonly { uri: Uri; languageId: string }[] {
    return stubState.textDocuments;
  },
  onDidOpenTextDocument(listener: (document: { uri: Uri; languageId: string }) => void): Disposable {
    stubState.documentOpenListeners.add(listener);
    return new Disposable(() => stubState.documentOpenListeners.delete(listener));
  },
  asRelativePath(pathOrUri: string | Uri): string {
    return typeof pathOrUri === 'string' ? pathOrUri : pathOrUri.path;
  },
  createFileSystemWatcher() {
    const none = () => new Disposable(() => undefined);
    return { onDidCreate: none, onDidChange: none, onDidDelete: none, dispose: () => undefined };
  },
  async findFiles(): Promise<Uri[]> {
    return [];
  },
  fs: {
    async readFile(uri: Uri): Promise<Uint8Array> {
      return readFile(uri.fsPath);
    },
  },
  registerTextDocumentContentProvider(): Disposable {
    return new Disposable(() => undefined);
  },
};

export const window = {
  async showInputBox(options?: unknown): Promise<string | undefined> {
    return nextAnswer('input', options) as string | undefined;
  },
  async showQuickPick(items: unknown[] | Promise<unknown[]>, options?: unknown): Promise<unknown> {
    const list = await items;
    return nextAnswer('pick', options, list);
  },
  async showOpenDialog(options?: unknown): Promise<Uri[] | undefined> {
    const answer = nextAnswer('open', options);
    return typeof answer === 'string' ? [Uri.file(answer)] : undefined;
  },
  async showInformationMessage(message: string): Promise<string | undefined> {
    stubState.messages.push({ level: 'info', message });
    return stubState.messageAnswers.shift();
  },
  async showWarningMessage(message: string): Promise<string | undefined> {
    stubState.messages.push({ level: 'warning', message });
    return stubState.messageAnswers.shift();
  },
  async showErrorMessage(message: string): Promise<string | undefined> {
    stubState.messages.push({ level: 'error', message });
    return stubState.messageAnswers.shift();
  },
  setStatusBarMessage(message: string): Disposable {
    stubState.messages.push({ level: 'info', message });
    return new Disposable(() => undefined);
  },
  async withProgress<R>(_options: unknown, task: (progress: { report(value: unknown): void }, token: unknown) => Promise<R>): Promise<R> {
    return task(
      { report: () => undefined },
      { isCancellationRequested: false, onCancellationRequested: () => new Disposable(() => undefined) },
    );
  },
  createStatusBarItem() {
    return {
      text: '',
      tooltip: undefined as unknown,
      command: undefined as unknown,
      name: '',
      backgroundColor: undefined as unknown,
      show: () => undefined,
      hide: () => undefined,
      dispose: () => undefined,
    };
  },
  createOutputChannel(name: string) {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    return {
      name,
      lines,
      appendLine: log,
      append: log,
      info: log,
      warn: log,
      error: log,
      debug: log,
      trace: log,
      show: () => undefined,
      dispose: () => undefined,
    };
  },
  createTreeView(_id: string, options: { treeDataProvider: unknown }) {
    return { ...options, dispose: () => undefined };
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: any[]) => unknown): Disposable {
    stubState.commands.set(id, handler);
    return new Disposable(() => stubState.commands.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    if (id === 'setContext') {
      stubState.contexts.set(String(args[0]), args[1]);
      return undefined;
    }
    return stubState.commands.get(id)?.(...args);
  },
};

export const env = {
  clipboard: {
    async writeText(text: string): Promise<void> {
      stubState.clipboard = text;
    },
    async readText(): Promise<string> {
      return stubState.clipboard;
    },
  },
};

export const languages = {
  async setTextDocumentLanguage<T>(document: T): Promise<T> {
    return document;
  },
};
