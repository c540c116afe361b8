/** A previous version of a schema, newest first in any list. */
export interface SchemaVersion {
  /** How a message names it: "the version in git HEAD", "version 3". */
  label: string;
  text: string;
}

/**
 * Where the previous versions of a schema come from. Offline: git HEAD (gitSchemaHistory). Connected: the
 * registry's versions of the port's subject, which the client sends to the server (the connectivity issue).
 */
export interface SchemaHistory {
  versions(schemaUri: string): Promise<SchemaVersion[]>;
}
