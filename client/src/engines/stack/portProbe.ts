// Probing the local stack's ports: whether one is free, distinct free ones, whether something listens,
// and whether the broker and the registry answer (their readiness checks).
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';

export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct free ports, found by binding port 0 (all held at once so that they differ). */
export async function freePorts(host: string, count: number, avoid: number[]): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    while (ports.length < count) {
      const server = createServer();
      servers.push(server);
      const port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host, exclusive: true }, () => resolve((server.address() as AddressInfo).port));
      });
      if (!avoid.includes(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))),
    );
  }
}

export function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The broker answers metadata requests and has registered itself (KRaft is up). */
export async function brokerAnswers(bootstrap: string): Promise<boolean> {
  // Loaded here, not at the top: the editor loads the stack engine at activation, kafkajs only when it checks a broker.
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'datamesh-stack-check',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return false;
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The Confluent-compatible API lists subjects (a JSON array). */
export async function registryAnswers(registry: string): Promise<boolean> {
  try {
    const response = await fetch(`${registry}/subjects`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) return false;
    return Array.isArray(await response.json());
  } catch {
    return false;
  }
}
