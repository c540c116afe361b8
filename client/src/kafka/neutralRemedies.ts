// The remedies that involve no connection setting or flag read the same in the editor and on the command
// line; both phrasers (client/src/connections/connectionRemedy.ts, client/src/cli/connectionRemedy.ts)
// take these words and phrase only the rest in their own terms.
import type { ConnectionRemedy } from './connectionErrors';

const NEUTRAL_KINDS = [
  'check-network',
  'check-route',
  'grant-acls',
  'ask-registry-role',
  'check-subject',
  'retry-later',
  'fix-request',
] as const;

export type NeutralRemedy = Extract<ConnectionRemedy, { kind: (typeof NEUTRAL_KINDS)[number] }>;
/** A remedy that names a setting, a flag or a command: each front end words it. */
export type FrontEndRemedy = Exclude<ConnectionRemedy, NeutralRemedy>;

export function isNeutralRemedy(remedy: ConnectionRemedy): remedy is NeutralRemedy {
  return (NEUTRAL_KINDS as readonly string[]).includes(remedy.kind);
}

export function neutralRemedyText(remedy: NeutralRemedy): string {
  switch (remedy.kind) {
    case 'check-network':
      return 'The DNS server did not answer; check the network or VPN, then retry.';
    case 'check-route':
      return 'Check the address, the network route and any firewall or VPN between you and the server.';
    case 'grant-acls':
      return `The credentials are valid, but an administrator must grant ACLs on the ${remedy.resource} to this principal (for the catalog: READ and DESCRIBE on the topic; for a consumer group: READ on the group), e.g. with kafka-acls.`;
    case 'ask-registry-role':
      return 'The credentials are valid but lack permission for this subject or operation; ask the registry administrator for the role.';
    case 'check-subject':
      return 'Check the subject name (<topic>-value or <topic>-key) and version; the schema may not be published yet.';
    case 'retry-later':
      return 'This is a server-side error: retry later, and check the server logs and its storage backend.';
    case 'fix-request':
      return 'The request itself was rejected; see the message for the field or schema at fault.';
  }
}
