import { URI, Utils } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isAvroFileName, isManifestFileName } from '../manifest/manifestTypes';
import { isInsideFolder, resolveSchemaUri } from '../manifest/schemaPaths';
import { summarizeManifest, type PortSummary, type ProductSummary } from './productSummary';
import { quickManifestId } from './quickManifestId';
import { lintAvroSchema } from '../avro/avroLint';
import { parsePolicy, POLICY_FILE_NAME, DEFAULT_POLICY, type ParsedPolicy } from '../policy/policy';

/** Larger manifests are not summarized for other files: parsing them would hold up every request. */
const MAX_SUMMARIZED_SIZE = 1024 * 1024;

/** A workspace output port whose key or value schema is a given file. */
export interface SchemaUse {
  product: ProductSummary;
  port: PortSummary;
  role: 'key' | 'value';
}

interface ProductLists {
  all: ProductSummary[];
  /** The first product of each id, in the order of `all` (as a search of `all` would find it). */
  byId: Map<string, ProductSummary>;
  bySchema: Map<string, SchemaUse[]>;
}

interface WorkspaceLists {
  manifestUris: string[];
  schemaUris: string[];
  /** Built on first use: summarizing parses every manifest. */
  products?: ProductLists;
  /** The manifests by the id their text shows, and those whose text needs a parse to tell (quickManifestId). */
  quickIds?: { byId: Map<string, string[]>; unsure: string[] };
}

/** How the index reads a file nobody has opened. Returns undefined for a missing or unreadable file. */
export interface FileReader {
  readText(uri: string): string | undefined;
}

/**
 * The manifests and schemas of a workspace. Open documents override what is on disk. File events
 * (created, changed, deleted; a rename is a delete and a create) keep it current, so a diagnostic in
 * one file can follow a change in another.
 */
export class WorkspaceIndex {
  private readonly knownFiles = new Set<string>();
  private readonly openTexts = new Map<string, string>();
  private readonly summaries = new Map<string, ProductSummary | null>();
  private readonly avroResults = new Map<string, Diagnostic[]>();
  private readonly policies = new Map<string, ParsedPolicy>();
  private catalog: ProductSummary[] = [];
  /** Project folders besides the workspace roots (`datamesh lint`: the nearest folder with a policy or a .git). */
  private projectRoots: string[] = [];
  /** The roots and project roots as folderKey, and each manifest's project folder: computed on use, reset by invalidate. */
  private rootFolders: Set<string> | undefined;
  private readonly projectFolders = new Map<string, string>();
  private fixedPolicyUri: string | undefined;
  /** Texts read from disk, kept until the file's own change event: other files' features read them often. */
  private readonly diskTexts = new Map<string, string | undefined>();
  private avroChecker: (uri: string, text: string) => Diagnostic[] = (_uri, text) => lintAvroSchema(text);
  private revision = 0;
  /** What the lists below were last computed for: every change bumps `revision`, so one check keeps them current. */
  private listsRevision = -1;
  private lists: WorkspaceLists | undefined;

  constructor(
    private readonly reader: FileReader,
    private roots: string[] = [],
  ) {}

  /** Increases on every change, so callers can cache per revision. */
  get version(): number {
    return this.revision;
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.invalidate();
  }

  get workspaceRoots(): readonly string[] {
    return this.roots;
  }

  setProjectRoots(roots: string[]): void {
    this.projectRoots = roots;
    this.invalidate();
  }

  /**
   * The folder a manifest's schema paths must stay in: the innermost workspace or project root that holds
   * the manifest, else the manifest's own folder.
   */
  projectFolderOf(manifestUri: string): string {
    let folder = this.projectFolders.get(manifestUri);
    if (folder === undefined) {
      // Up from the manifest's folder to the first root: as many steps as the path is deep, whatever the number
      // of roots (`datamesh lint` of a folder without a policy has one per manifest).
      this.rootFolders ??= new Set([...this.roots, ...this.projectRoots].map(folderKey));
      const own = Utils.dirname(URI.parse(manifestUri));
      for (let current = own; ; current = Utils.dirname(current)) {
        if (this.rootFolders.has(folderKey(current.toString()))) {
          folder = current.toString();
          break;
        }
        if (Utils.dirname(current).path === current.path) {
          folder = own.toString();
          break;
        }
      }
      this.projectFolders.set(manifestUri, folder);
    }
    return folder;
  }

  /**
   * Where a manifest's `schema:` path points, and whether it stays inside the project folder; a schema
   * outside must not be read (undefined for text that names no file).
   */
  schemaTarget(manifestUri: string, schemaPath: string): { uri: string; inside: boolean } | undefined {
    const uri = resolveSchemaUri(manifestUri, schemaPath);
    return uri === undefined ? undefined : { uri, inside: isInsideFolder(this.projectFolderOf(manifestUri), uri) };
  }

  /** Records files found by a scan of the workspace. */
  addFiles(uris: Iterable<string>): void {
    for (const uri of uris) this.knownFiles.add(uri);
    this.invalidate();
  }

  fileCreated(uri: string): void {
    this.knownFiles.add(uri);
    this.forget(uri);
  }

  fileChanged(uri: string): void {
    this.forget(uri);
  }

  fileDeleted(uri: string): void {
    this.knownFiles.delete(uri);
    this.forget(uri);
  }

  documentOpened(uri: string, text: string): void {
    this.openTexts.set(uri, text);
    this.knownFiles.add(uri);
    this.forget(uri);
  }

  documentChanged(uri: string, text: string): void {
    this.openTexts.set(uri, text);
    this.forget(uri);
  }

  documentClosed(uri: string): void {
    this.openTexts.delete(uri);
    this.forget(uri);
  }

  /** The published products from the mesh catalog: the editor's live catalog, or the one `datamesh lint` read. */
  setCatalog(products: ProductSummary[]): void {
    this.catalog = products;
    this.invalidate();
  }

  readText(uri: string): string | undefined {
    const open = this.openTexts.get(uri);
    if (open !== undefined) return open;
    if (!this.diskTexts.has(uri)) this.diskTexts.set(uri, this.reader.readText(uri));
    return this.diskTexts.get(uri);
  }

  exists(uri: string): boolean {
    return this.readText(uri) !== undefined;
  }

  /**
   * How `.avsc` files are checked. By default each file alone; the server and the CLI resolve names
   * defined in other workspace files (AvroTypeIndex.check).
   */
  setAvroChecker(check: (uri: string, text: string) => Diagnostic[]): void {
    this.avroChecker = check;
    this.avroResults.clear();
  }

  manifestUris(): readonly string[] {
    return this.current().manifestUris;
  }

  schemaUris(): readonly string[] {
    return this.current().schemaUris;
  }

  /** Products of the workspace, then published products that no workspace manifest shadows. */
  products(): readonly ProductSummary[] {
    return this.currentProducts().all;
  }

  /** The catalog's record of a product, even when a workspace manifest shadows it (its status is the published one). */
  catalogProduct(id: string): ProductSummary | undefined {
    return this.catalog.find((product) => product.id === id);
  }

  /**
   * The product with this id: the first workspace manifest (by URI) that declares it, else the catalog's.
   * Parses only the manifests that can declare it, so checking one input port does not parse the workspace.
   */
  product(id: string): ProductSummary | undefined {
    const lists = this.current();
    if (lists.products) return lists.products.byId.get(id);
    const quickIds = this.currentQuickIds(lists);
    const candidates = [...(quickIds.byId.get(id) ?? []), ...quickIds.unsure].sort();
    for (const uri of candidates) {
      const summary = this.summaryOf(uri);
      if (summary?.id === id) return summary;
    }
    return this.catalog.find((product) => product.id === id);
  }

  /**
   * Keeps the summary a check made from its own parse of the current text, so that the product list does
   * not parse the file again.
   */
  rememberSummary(uri: string, text: string, summary: ProductSummary | undefined): void {
    if (this.summaries.has(uri) || this.readText(uri) !== text || text.length > MAX_SUMMARIZED_SIZE) return;
    this.summaries.set(uri, summary ? this.withoutOutsideSchemas(summary) : null);
  }

  /** The workspace's output ports whose key or value schema is `schemaUri`. */
  portsUsingSchema(schemaUri: string): readonly SchemaUse[] {
    return this.currentProducts().bySchema.get(schemaUri) ?? [];
  }

  summaryOf(uri: string): ProductSummary | undefined {
    if (!this.summaries.has(uri)) {
      const text = this.readText(uri);
      const readable = text !== undefined && text.length <= MAX_SUMMARIZED_SIZE;
      const summary = readable ? summarizeManifest(uri, text) : undefined;
      this.summaries.set(uri, summary ? this.withoutOutsideSchemas(summary) : null);
    }
    return this.summaries.get(uri) ?? undefined;
  }

  /** A schema outside the project is nobody's port schema: it is never read, checked or published. */
  private withoutOutsideSchemas(summary: ProductSummary): ProductSummary {
    const folder = this.projectFolderOf(summary.uri ?? '');
    const inside = (uri: string | undefined) => (uri !== undefined && isInsideFolder(folder, uri) ? uri : undefined);
    return {
      ...summary,
      outputPorts: summary.outputPorts.map((port) => ({
        ...port,
        keySchemaUri: inside(port.keySchemaUri),
        valueSchemaUri: inside(port.valueSchemaUri),
      })),
    };
  }

  /** The Avro diagnostics of a schema file, or undefined when it does not exist. */
  avroDiagnostics(uri: string): Diagnostic[] | undefined {
    const cached = this.avroResults.get(uri);
    if (cached) return cached;
    const text = this.readText(uri);
    if (text === undefined) return undefined;
    const result = this.avroChecker(uri, text);
    this.avroResults.set(uri, result);
    return result;
  }

  /** The policy that governs a manifest: `datamesh.policy.yaml` at the root of its workspace folder. */
  policyFor(manifestUri: string): ParsedPolicy & { uri?: string } {
    const policyUri = this.policyUriFor(manifestUri);
    if (!policyUri) return { policy: { ...DEFAULT_POLICY }, diagnostics: [] };
    let parsed = this.policies.get(policyUri);
    if (!parsed) {
      const text = this.readText(policyUri);
      parsed = text === undefined ? { policy: { ...DEFAULT_POLICY }, diagnostics: [] } : parsePolicy(text);
      this.policies.set(policyUri, parsed);
    }
    return { ...parsed, uri: policyUri };
  }

  /** Makes one policy file govern every manifest, as `datamesh lint --policy FILE` asks. */
  usePolicyFile(uri: string): void {
    this.fixedPolicyUri = uri;
    this.policies.clear();
    this.revision++;
  }

  private policyUriFor(manifestUri: string): string | undefined {
    if (this.fixedPolicyUri) return this.fixedPolicyUri;
    const root = this.roots
      .filter((candidate) => manifestUri.startsWith(candidate.endsWith('/') ? candidate : `${candidate}/`))
      .sort((a, b) => b.length - a.length)[0];
    if (root) return Utils.joinPath(URI.parse(root), POLICY_FILE_NAME).toString();
    return undefined;
  }

  /**
   * The file lists, kept for as long as nothing changes: every manifest's rules ask for them, so computing
   * them per call made a workspace's check grow with the square of its size.
   */
  private current(): WorkspaceLists {
    if (this.lists && this.listsRevision === this.revision) return this.lists;
    const manifestUris: string[] = [];
    const schemaUris: string[] = [];
    for (const uri of this.knownFiles) {
      if (isManifestFileName(uri)) manifestUris.push(uri);
      else if (isAvroFileName(uri)) schemaUris.push(uri);
    }
    this.lists = { manifestUris: manifestUris.sort(), schemaUris: schemaUris.sort() };
    this.listsRevision = this.revision;
    return this.lists;
  }

  private currentQuickIds(lists: WorkspaceLists): NonNullable<WorkspaceLists['quickIds']> {
    if (lists.quickIds) return lists.quickIds;
    const byId = new Map<string, string[]>();
    const unsure: string[] = [];
    for (const uri of lists.manifestUris) {
      const text = this.readText(uri);
      if (text === undefined || text.length > MAX_SUMMARIZED_SIZE) continue;
      const id = quickManifestId(text);
      if (id === undefined) unsure.push(uri);
      else byId.set(id, [...(byId.get(id) ?? []), uri]);
    }
    lists.quickIds = { byId, unsure };
    return lists.quickIds;
  }

  private currentProducts(): ProductLists {
    const lists = this.current();
    if (lists.products) return lists.products;
    const workspace: ProductSummary[] = [];
    for (const uri of lists.manifestUris) {
      const summary = this.summaryOf(uri);
      if (summary) workspace.push(summary);
    }
    const byId = new Map<string, ProductSummary>();
    const bySchema = new Map<string, SchemaUse[]>();
    const use = (schemaUri: string | undefined, found: SchemaUse) => {
      if (schemaUri === undefined) return;
      const uses = bySchema.get(schemaUri);
      if (uses) uses.push(found);
      else bySchema.set(schemaUri, [found]);
    };
    for (const product of workspace) {
      if (!byId.has(product.id)) byId.set(product.id, product);
      for (const port of product.outputPorts) {
        use(port.valueSchemaUri, { product, port, role: 'value' });
        use(port.keySchemaUri, { product, port, role: 'key' });
      }
    }
    const published = this.catalog.filter((product) => !byId.has(product.id));
    for (const product of published) if (!byId.has(product.id)) byId.set(product.id, product);
    lists.products = { all: [...workspace, ...published], byId, bySchema };
    return lists.products;
  }

  private forget(uri: string): void {
    this.summaries.delete(uri);
    this.diskTexts.delete(uri);
    // A schema can define names that other schemas use.
    if (isAvroFileName(uri)) this.avroResults.clear();
    else this.avroResults.delete(uri);
    if (uri.endsWith(`/${POLICY_FILE_NAME}`)) this.policies.clear();
    this.revision++;
  }

  private invalidate(): void {
    this.rootFolders = undefined;
    this.projectFolders.clear();
    this.summaries.clear();
    this.diskTexts.clear();
    this.avroResults.clear();
    this.policies.clear();
    this.revision++;
  }
}

/** A folder URI in one spelling: parsed and printed by vscode-uri, without a trailing slash. */
function folderKey(uri: string): string {
  return URI.parse(uri).toString().replace(/\/+$/, '');
}
