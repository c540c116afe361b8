// The command line's words for a connection error's remedy: the flags and environment variables of
// `datamesh` (CONNECTION_USAGE in catalogCommand.ts) and `datamesh stack up`. The editor phrases the same
// remedies with its connection settings (client/src/connections/connectionRemedy.ts).
import {
  describeConnectionError,
  type ConnectionRemedy,
  type ConnectionService,
  type ConnectionErrorDescription,
} from '../kafka/connectionErrors';
import { isNeutralRemedy, neutralRemedyText, type FrontEndRemedy } from '../kafka/neutralRemedies';

const SERVICE_FLAG: Record<ConnectionService, string> = {
  broker: '--bootstrap (or DATAMESH_BOOTSTRAP)',
  registry: '--registry (or DATAMESH_REGISTRY)',
  'token-endpoint': '--oauth-token-url (or DATAMESH_OAUTH_TOKEN_URL)',
};

/** What to do, in terms of `datamesh`'s options. */
export function cliRemedy(remedy: ConnectionRemedy): string {
  return isNeutralRemedy(remedy) ? neutralRemedyText(remedy) : cliWords(remedy);
}

function cliWords(remedy: FrontEndRemedy): string {
  switch (remedy.kind) {
    case 'start-local-stack':
      return remedy.service === 'broker'
        ? 'Check the port in --bootstrap and that the broker is running; without --bootstrap (and DATAMESH_BOOTSTRAP), datamesh uses the local stack that `datamesh stack up` starts.'
        : 'Check the port in --registry and that the registry is running; `datamesh stack up` starts a local one.';
    case 'check-host':
      return `Check the spelling of the host in ${SERVICE_FLAG[remedy.service]} and that you are on the network (VPN) where it resolves.`;
    case 'check-listener':
      return 'The server accepted the connection (or the network dropped it) but did not answer in time. Check that the port is a Kafka listener of the expected kind (a TLS listener needs --tls, a SASL listener --sasl-mechanism), that the server is not overloaded, and the firewall.';
    case 'match-listener-security':
      return 'The security options do not match the listener: a TLS listener needs --tls, a SASL listener needs --sasl-mechanism and credentials, and a plaintext listener needs neither; a firewall may also drop the replies.';
    case 'give-ca':
      return 'Give the CA that signed the broker certificate with --tls-ca FILE (PEM, or DATAMESH_TLS_CA).';
    case 'give-client-certificate':
      return 'Give a client certificate and key signed by a CA the broker trusts (--tls-cert FILE --tls-key FILE).';
    case 'disable-tls':
      return 'This port is not a TLS listener: drop --tls (and --tls-ca, --tls-cert, --tls-key), or use the TLS port of the broker.';
    case 'use-certificate-host':
      return "Connect with a host name listed in the certificate's subjectAltName. Only for testing: --tls-insecure-skip-hostname-verification accepts it, with a warning.";
    case 'choose-sasl-mechanism':
      return 'Choose a mechanism the listener enables (--sasl-mechanism plain, scram-sha-256, scram-sha-512 or oauthbearer) or use the matching listener port.';
    case 'disable-sasl':
      return 'Drop --sasl-mechanism for a plaintext or TLS-only listener, or use the SASL listener port.';
    case 'check-sasl-credentials':
      return 'Check the user name and password (--username, --password or DATAMESH_SASL_PASSWORD) and that --sasl-mechanism matches the one the user was created for (SCRAM-SHA-256 and SCRAM-SHA-512 credentials are separate).';
    case 'check-oauth-client':
      return 'Check the OAuth client id and client secret (--oauth-client-id, --oauth-client-secret or DATAMESH_OAUTH_CLIENT_SECRET) and the scope (--oauth-scope).';
    case 'check-token-endpoint':
      return 'Check the token endpoint URL (--oauth-token-url) and that the identity provider is running and healthy.';
    case 'check-oauth-token':
      return 'The broker rejected the OAuth token: check that the token endpoint issues tokens for the audience and issuer the broker expects, and the client id (--oauth-client-id).';
    case 'check-registry-credentials':
      return 'This registry needs credentials (basic auth or a bearer token), and datamesh sends none to --registry yet: use a registry URL that this command may read without them.';
    case 'fix-registry-url':
      return 'Check the registry base URL in --registry: it must point at the Confluent-compatible API (for Apicurio: http://HOST:PORT/apis/ccompat/v7).';
    case 'read-client-log':
      return 'Check the connection options (`datamesh help` lists them); run with DATAMESH_DEBUG=1 for the client log.';
  }
}

/** Two lines for stderr: what failed, then what to do. */
export function formatForCommandLine(description: ConnectionErrorDescription): string {
  return `${description.message}\n  ${cliRemedy(description.remedy)}`;
}

/** describeConnectionError, phrased for the command line. */
export function describeForCommandLine(error: unknown, context: { target?: string } = {}): string {
  return formatForCommandLine(describeConnectionError(error, context));
}
