/**
 * The sampling panel's extension side: a WebviewPanel per topic (kept alive while hidden, so rows are
 * not lost), a SamplingSession over a TopicSampler of the active connection, the workspace's schema
 * of the topic's port for the drift check (re-read as it is edited), and the editor's dialogs for
 * export, import, produce and republish. Closing the panel stops the sampler and deletes its group.
 */
import { newNonce } from '../webviewPage';
import { dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { Kafka } from 'kafkajs';
import type { ConnectionManager } from '../../connections/connectionManager';
import { describeForEditor } from '../../connections/connectionRemedy';
import type { RegistryClient } from '../../kafka/registryClient';
import { SchemaCache } from '../../engines/sample/schemaCache';
import { TopicSampler } from '../../engines/sample/topicSampler';
import { loadLocalSchema } from '../../engines/sample/localSchemaCheck';
import { portSchemasForTopic, type PortSchemaRef } from '../../engines/sample/portSchemaLookup';
import { avroTemplate } from '../../engines/sample/avroTemplate';
import { produceEvents, republishRecords } from '../../engines/sample/eventProducer';
import { encodePayload, type PayloadToEncode } from '../../engines/sample/eventEncoder';
import { parseNdjsonEvents } from '../../engines/sample/sampleImport';
import type { ExportFormat } from '../../engines/sample/sampleExport';
import type { PlainJson, SampledRecord } from '../../engines/sample/sampleTypes';
import { languageServices } from '../../workspace/lazyLanguageServices';
import { panelHtml } from './panelHtml';
import { SamplingSession, type SessionActions } from './samplingSession';
import type { HostMessage, WebviewMessage } from './messages';

export const SAMPLING_VIEW_TYPE = 'datamesh.sampling';

export interface SampleTarget {
  topic: string;
  /** The manifest that declares the topic, when the panel was opened from it (its port's schema is used). */
  manifestPath?: string;
}

export class SamplingPanels implements vscode.Disposable {
  private readonly open = new Map<string, SamplingPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly manager: ConnectionManager,
  ) {}

  async show(target: SampleTarget): Promise<void> {
    const existing = this.open.get(target.topic);
    if (existing) {
      existing.reveal();
      return;
    }
    let clients: Awaited<ReturnType<ConnectionManager['clients']>>;
    try {
      clients = await this.manager.clients();
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot sample ${target.topic}: ${describeForEditor(error)}`);
      return;
    }
    const panel = new SamplingPanel(this.context, target, clients.kafka, clients.registry, () => this.open.delete(target.topic));
    this.open.set(target.topic, panel);
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
    this.open.clear();
  }
}

class SamplingPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly session: SamplingSession;
  private readonly schemas: SchemaCache;
  private readonly subscriptions: vscode.Disposable[] = [];
  private schemaUri: vscode.Uri | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly target: SampleTarget,
    private readonly kafka: Kafka,
    private readonly registry: RegistryClient | undefined,
    private readonly onDispose: () => void,
  ) {
    const roots = [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(context.extensionUri, 'media')];
    this.panel = vscode.window.createWebviewPanel(SAMPLING_VIEW_TYPE, `Sample: ${target.topic}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: roots,
    });
    const webview = this.panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview', 'sampling.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'sampling.css')).toString(),
      title: `Sample ${target.topic}`,
    });
    this.schemas = new SchemaCache(registry);
    this.session = new SamplingSession(
      target.topic,
      (message: HostMessage) => void webview.postMessage(message),
      (options) => new TopicSampler(kafka, { ...options, schemas: this.schemas }),
      this.actions(),
    );
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: WebviewMessage) => void this.session.handle(message)),
      this.panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.schemaUri && event.document.uri.toString() === this.schemaUri.toString()) this.useSchemaText(event.document.getText());
      }),
    );
    void this.findLocalSchema();
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    void this.session.dispose();
    this.panel.dispose();
    this.onDispose();
  }

  /** The port's `.avsc` in the workspace: from the manifest the panel was opened from, else any manifest declaring the topic. */
  private async findLocalSchema(): Promise<void> {
    const uris = this.target.manifestPath
      ? [vscode.Uri.file(this.target.manifestPath)]
      : await vscode.workspace.findFiles(languageServices().MANIFEST_GLOB, languageServices().IGNORED_FOLDERS_GLOB, 200);
    const manifests = [];
    for (const uri of uris) {
      try {
        manifests.push({ path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
      } catch {
        // an unreadable manifest declares nothing
      }
    }
    const [port] = portSchemasForTopic(manifests, this.target.topic);
    if (!port || this.disposed) return;
    this.schemaUri = vscode.Uri.file(resolve(dirname(port.manifestPath), port.schema));
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(dirname(this.schemaUri.fsPath)), '*.avsc'),
    );
    const reload = (uri: vscode.Uri) => {
      if (uri.toString() === this.schemaUri?.toString()) void this.readSchema(port);
    };
    this.subscriptions.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload));
    await this.readSchema(port);
  }

  private async readSchema(port: PortSchemaRef): Promise<void> {
    if (!this.schemaUri) return;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === this.schemaUri?.toString());
    try {
      this.useSchemaText(open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(this.schemaUri)), port);
    } catch {
      this.session.setLocalSchema(undefined);
    }
  }

  private useSchemaText(text: string, _port?: PortSchemaRef): void {
    if (!this.schemaUri) return;
    const loaded = loadLocalSchema(vscode.workspace.asRelativePath(this.schemaUri), text);
    // A schema being edited into shape does not parse for a while: keep checking against the last good one.
    if (!('error' in loaded)) this.session.setLocalSchema(loaded);
  }

  private localSchemaText(): { text: string; source: string } | undefined {
    if (!this.schemaUri) return undefined;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === this.schemaUri?.toString());
    return open ? { text: open.getText(), source: vscode.workspace.asRelativePath(this.schemaUri) } : undefined;
  }

  private actions(): SessionActions {
    const topic = this.target.topic;
    return {
      copy: async (text) => vscode.env.clipboard.writeText(text),
      save: async (text, format: ExportFormat) => {
        const uri = await vscode.window.showSaveDialog({
          title: `Export the rows of ${topic}`,
          defaultUri: vscode.Uri.file(
            resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', `${topic}.${format === 'csv' ? 'csv' : 'ndjson'}`),
          ),
          filters: format === 'csv' ? { CSV: ['csv'] } : { NDJSON: ['ndjson', 'jsonl', 'json'] },
        });
        if (!uri) return undefined;
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        return vscode.workspace.asRelativePath(uri);
      },
      template: async () => {
        const local =
          this.localSchemaText() ??
          (this.schemaUri
            ? {
                text: new TextDecoder().decode(await vscode.workspace.fs.readFile(this.schemaUri)),
                source: vscode.workspace.asRelativePath(this.schemaUri),
              }
            : undefined);
        if (local)
          return {
            type: 'template',
            format: 'avro',
            text: JSON.stringify(avroTemplate(JSON.parse(local.text)), null, 2),
            source: local.source,
          };
        if (!this.registry)
          throw new Error(`No schema for ${topic}: no workspace manifest declares it and the connection has no registry.`);
        const latest = await this.registry.version(`${topic}-value`, 'latest');
        return {
          type: 'template',
          format: 'avro',
          text: JSON.stringify(avroTemplate(JSON.parse(latest.schema)), null, 2),
          source: `${latest.subject} v${latest.version}`,
        };
      },
      produce: async (request) => {
        const value = await this.valuePayload(request.value, request.valueFormat);
        let headers: Record<string, string>;
        try {
          const parsed: unknown = JSON.parse(request.headers.trim() || '{}');
          if (
            typeof parsed !== 'object' ||
            parsed === null ||
            Array.isArray(parsed) ||
            Object.values(parsed).some((item) => typeof item !== 'string')
          ) {
            throw new Error('an object of strings');
          }
          headers = parsed as Record<string, string>;
        } catch (error) {
          throw new Error(`The headers must be a JSON object of strings (${error instanceof Error ? error.message : String(error)}).`);
        }
        const key: PayloadToEncode = request.key === '' ? null : { format: 'text', text: request.key };
        if (request.validateOnly) {
          await encodePayload(value, this.schemas, this.registry);
          return `The value is valid${value?.format === 'avro' ? ` for ${value.schemaId !== undefined ? `schema id ${value.schemaId}` : value.subject}` : ''}.`;
        }
        const [written] = await produceEvents(this.kafka, topic, [{ key, value, headers }], {
          schemas: this.schemas,
          subjects: this.registry,
        });
        return `Produced to ${topic}, partition ${written.partition}, offset ${written.offset}.`;
      },
      republish: async (records: SampledRecord[], targetTopic: string) => {
        const to = targetTopic || topic;
        const answer = await vscode.window.showWarningMessage(
          `Republish ${records.length} record${records.length === 1 ? '' : 's'} to ${to}, with their exact keys, values and headers?`,
          { modal: true },
          'Republish',
        );
        if (answer !== 'Republish') return 'Republish cancelled.';
        const written = await republishRecords(this.kafka, records, to);
        return `Republished ${written.length} record${written.length === 1 ? '' : 's'} to ${to}.`;
      },
      importFile: async () => {
        const [uri] =
          (await vscode.window.showOpenDialog({
            title: `Import events into ${topic}`,
            canSelectMany: false,
            filters: { NDJSON: ['ndjson', 'jsonl', 'json'] },
          })) ?? [];
        if (!uri) return undefined;
        const { events, problems } = parseNdjsonEvents(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        if (problems.length > 0)
          throw new Error(
            `Nothing imported: ${problems
              .slice(0, 3)
              .map((problem) => `line ${problem.line}: ${problem.message}`)
              .join('; ')}`,
          );
        const answer = await vscode.window.showWarningMessage(
          `Produce ${events.length} events from ${vscode.workspace.asRelativePath(uri)} to ${topic}?`,
          { modal: true },
          'Produce',
        );
        if (answer !== 'Produce') return 'Import cancelled.';
        await produceEvents(this.kafka, topic, events, { schemas: this.schemas, subjects: this.registry });
        return `Produced ${events.length} events to ${topic}.`;
      },
    };
  }

  /** The produce form's value: Avro (plain JSON) under the topic's value subject, JSON, or text. */
  private async valuePayload(text: string, format: 'avro' | 'json' | 'text'): Promise<PayloadToEncode> {
    if (format === 'text') return { format: 'text', text };
    let json: PlainJson;
    try {
      json = JSON.parse(text) as PlainJson;
    } catch (error) {
      throw new Error(`The value is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    return format === 'json' ? { format: 'json', json } : { format: 'avro', json, subject: `${this.target.topic}-value` };
  }
}
