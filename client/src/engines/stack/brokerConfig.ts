// The files the local stack writes for its Kafka broker on every start: server.properties for a single
// KRaft node and a log4j2 configuration, and the cluster id the storage is formatted with.
import { randomBytes } from 'node:crypto';

/** The four ports of a stack: the broker's client and controller listeners, the registry and its management interface. */
export interface StackPorts {
  broker: number;
  controller: number;
  registry: number;
  management: number;
}

/**
 * A combined broker and controller. The quorum is static (`controller.quorum.voters`) rather than the
 * dynamic `--standalone` one, so that the data folder stays valid when a later start gets other ports.
 */
export function brokerProperties(host: string, ports: StackPorts, dataDir: string): string {
  return `# Written by Kafka Data Mesh on every start of the local stack.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${host}:${ports.controller}
listeners=PLAINTEXT://${host}:${ports.broker},CONTROLLER://${host}:${ports.controller}
advertised.listeners=PLAINTEXT://${host}:${ports.broker}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dataDir.replace(/\\/g, '/')}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
`;
}

/** Kafka 4 ships no logging binding or configuration in its jars; without this the broker is silent. */
export const BROKER_LOG4J = `status = warn
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
# The full configuration dumps are a thousand lines per start.
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
`;

/** A Kafka cluster id: 16 random bytes in URL-safe base64 without padding (what `StorageTool random-uuid` prints). */
export function kafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka avoids ids that look like command-line options
  }
}
