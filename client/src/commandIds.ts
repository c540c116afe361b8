// Command ids, view ids and context keys shared by views, commands and package.json
// (test/unit/views/connections.test.ts checks that package.json agrees with them).
export const VIEW_CONTAINER = 'datamesh';
export const VIEWS = {
  mesh: 'datamesh.mesh',
  topics: 'datamesh.topics',
  schemas: 'datamesh.schemas',
  groups: 'datamesh.groups',
} as const;
export type ViewId = (typeof VIEWS)[keyof typeof VIEWS];

export const COMMANDS = {
  startLocalStack: 'datamesh.startLocalStack',
  stopLocalStack: 'datamesh.stopLocalStack',
  addConnection: 'datamesh.addConnection',
  testConnection: 'datamesh.testConnection',
  switchConnection: 'datamesh.switchConnection',
  removeConnection: 'datamesh.removeConnection',
  retry: 'datamesh.retry',
  refreshMesh: 'datamesh.refreshMesh',
  refreshTopics: 'datamesh.refreshTopics',
  refreshSchemas: 'datamesh.refreshSchemas',
  refreshGroups: 'datamesh.refreshGroups',
  showInternalTopics: 'datamesh.showInternalTopics',
  hideInternalTopics: 'datamesh.hideInternalTopics',
  toggleInternalTopics: 'datamesh.toggleInternalTopics',
  filterTopics: 'datamesh.filterTopics',
  createTopic: 'datamesh.createTopic',
  deleteTopic: 'datamesh.deleteTopic',
  openSchemaVersion: 'datamesh.openSchemaVersion',
  compareSchemaVersions: 'datamesh.compareSchemaVersions',
  revealManifest: 'datamesh.revealManifest',
  copyName: 'datamesh.copyName',
  sampleTopic: 'datamesh.sampleTopic',
  removeFromCatalog: 'datamesh.removeFromCatalog',
  compareWithRegistryVersion: 'datamesh.compareWithRegistryVersion',
  newProduct: 'datamesh.newProduct',
  newDerivedProduct: 'datamesh.newDerivedProduct',
  publishProduct: 'datamesh.publishProduct',
  previewPublish: 'datamesh.previewPublish',
  retireProduct: 'datamesh.retireProduct',
  deprecateProduct: 'datamesh.deprecateProduct',
  bumpVersion: 'datamesh.bumpVersion',
  exportOdps: 'datamesh.exportOdps',
  exportOdcs: 'datamesh.exportOdcs',
  importOdcs: 'datamesh.importOdcs',
  grantReadAccess: 'datamesh.grantReadAccess',
  revokeReadAccess: 'datamesh.revokeReadAccess',
} as const;

/**
 * Commands that only make sense on a tree node (their handler reads the node it was invoked on, and from
 * the palette would have nothing to work on): package.json hides each from the palette (`when: false`),
 * which test/unit/views/commandPalette.test.ts checks. A command with a picker for the palette is not here.
 */
export const NODE_ONLY_COMMANDS: readonly string[] = [
  COMMANDS.retry,
  COMMANDS.revealManifest,
  COMMANDS.copyName,
  COMMANDS.removeFromCatalog,
];

/** Context keys set by the extension (setContext), each read by a package.json `when` clause. */
export const CONTEXT_KEYS = {
  /** 'none' (no connection configured), 'inactive' (none chosen) or 'active'. */
  connectionState: 'datamesh.connectionState',
  showInternalTopics: 'datamesh.showInternalTopics',
} as const;

/** The scheme of the read-only schema documents. */
export const SCHEMA_SCHEME = 'datamesh-schema';
