// The editor's words for a connection error's remedy: the fields of a connection in the `datamesh.connections`
// setting and the Data Mesh commands, never command-line flags (those are the CLI's, client/src/cli/connectionRemedy.ts).
// Secrets live in SecretStorage, so a wrong password is re-entered through Add Connection under the same name.
import {
  describeConnectionError,
  type ConnectionErrorDescription,
  type ConnectionRemedy,
  type ConnectionService,
} from '../kafka/connectionErrors';
import { isNeutralRemedy, neutralRemedyText, type FrontEndRemedy } from '../kafka/neutralRemedies';

const ADD_CONNECTION = '"Data Mesh: Add Connection"';
const START_LOCAL_STACK = '"Data Mesh: Start Local Stack"';
const RE_ENTER = `re-enter it with ${ADD_CONNECTION} under the same name`;

const SERVICE_FIELD: Record<ConnectionService, string> = {
  broker: 'bootstrapServers',
  registry: 'registry.url',
  'token-endpoint': 'security.oauth.tokenUrl',
};

/** What to do, in terms of the connection's settings and the Data Mesh commands. */
export function editorRemedy(remedy: ConnectionRemedy): string {
  return isNeutralRemedy(remedy) ? neutralRemedyText(remedy) : editorWords(remedy);
}

function editorWords(remedy: FrontEndRemedy): string {
  switch (remedy.kind) {
    case 'start-local-stack':
      return `Check the port in the connection's ${SERVICE_FIELD[remedy.service]} and that the ${remedy.service} is running, or run ${START_LOCAL_STACK} for a local broker and registry.`;
    case 'check-host':
      return `Check the spelling of the host in the connection's ${SERVICE_FIELD[remedy.service]} and that you are on the network (VPN) where it resolves.`;
    case 'check-listener':
      return "The server accepted the connection (or the network dropped it) but did not answer in time. Check that the port is a Kafka listener of the kind the connection's security.protocol and security.tls describe, that the server is not overloaded, and the firewall.";
    case 'match-listener-security':
      return "The connection's security settings do not match the listener: a TLS listener needs security.tls, a SASL listener needs a SASL security.protocol and a user name, and a plaintext listener needs neither; a firewall may also drop the replies.";
    case 'give-ca':
      return "Set the connection's security.tls.ca to the PEM file of the CA that signed the broker certificate.";
    case 'give-client-certificate':
      return "Set the connection's security.tls.cert and security.tls.keyFile to a client certificate and key signed by a CA the broker trusts.";
    case 'disable-tls':
      return 'This port is not a TLS listener: remove security.tls from the connection, or use the TLS port of the broker.';
    case 'use-certificate-host':
      return "Connect with a host name listed in the certificate's subjectAltName. Only for testing: security.tls.skipHostnameVerification in the connection accepts it, with a warning.";
    case 'choose-sasl-mechanism':
      return "Set the connection's security.protocol to a mechanism the listener enables (sasl-plain, sasl-scram-256, sasl-scram-512 or oauthbearer), or use the matching listener port.";
    case 'disable-sasl':
      return "Set the connection's security.protocol to plaintext for a plaintext or TLS-only listener, or use the SASL listener port.";
    case 'check-sasl-credentials':
      return `Check the connection's security.username and the password (${RE_ENTER}), and that security.protocol matches the mechanism the user was created for (SCRAM-SHA-256 and SCRAM-SHA-512 credentials are separate).`;
    case 'check-oauth-client':
      return `Check the connection's security.oauth.clientId and security.oauth.scope, and the client secret (${RE_ENTER}).`;
    case 'check-token-endpoint':
      return "Check the connection's security.oauth.tokenUrl and that the identity provider is running and healthy.";
    case 'check-oauth-token':
      return "The broker rejected the OAuth token: check that the token endpoint issues tokens for the audience and issuer the broker expects, and the connection's security.oauth.clientId.";
    case 'check-registry-credentials':
      return `Check the connection's registry.auth (basic: the user name, or a bearer token) and the password or token (${RE_ENTER}); a registry that needs credentials answers 401 when none are sent.`;
    case 'fix-registry-url':
      return "Check the connection's registry.url: it must point at the Confluent-compatible API (for Apicurio: http://HOST:PORT/apis/ccompat/v7).";
    case 'read-client-log':
      return 'Check the connection settings; the "Data Mesh Connections" output has the client log.';
  }
}

/** One sentence of what failed and one of what to do, for a notification, a tooltip or the status bar. */
export function formatForEditor(description: ConnectionErrorDescription): string {
  return `${description.message} ${editorRemedy(description.remedy)}`;
}

/** describeConnectionError, phrased for the editor. */
export function describeForEditor(error: unknown): string {
  return formatForEditor(describeConnectionError(error));
}
