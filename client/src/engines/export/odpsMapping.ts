/** A manifest → an ODPS v1.0.0 data product (the mapping table is in the README, Export and import). */
import type { ExportManifest } from './exportTypes';
import { contractId, descriptionOf, productCustomProperties, teamOf, type CustomProperty } from './productProperties';

export const ODPS_API_VERSION = 'v1.0.0';

export function toOdpsProduct(manifest: ExportManifest): Record<string, unknown> {
  const customProperties: CustomProperty[] = productCustomProperties(manifest).filter((entry) => entry.property !== 'dataProductId');
  // ODPS v1.0.0 has no SLA block: the manifest's SLA goes with the custom properties, as written.
  if (manifest.sla) customProperties.push({ property: 'sla', value: { ...manifest.sla } });
  return {
    apiVersion: ODPS_API_VERSION,
    kind: 'DataProduct',
    id: manifest.id,
    name: manifest.name,
    version: manifest.version,
    status: manifest.status,
    domain: manifest.domain,
    description: descriptionOf(manifest),
    ...(manifest.tags && manifest.tags.length > 0 && { tags: [...manifest.tags] }),
    team: teamOf(manifest),
    ...(manifest.inputPorts &&
      manifest.inputPorts.length > 0 && {
        inputPorts: manifest.inputPorts.map((input) => ({
          name: `${input.product}.${input.port}`,
          // The manifest names no version of its inputs: the current one is read.
          version: 'current',
          contractId: contractId(input.product, input.port),
        })),
      }),
    outputPorts: manifest.outputPorts.map((port) => ({
      name: port.name,
      ...(port.description !== undefined && { description: port.description }),
      type: 'kafka-topic',
      version: manifest.version,
      contractId: contractId(manifest.id, port.name),
      customProperties: [
        { property: 'topic', value: port.topic },
        { property: 'valueFormat', value: port.value.format },
        ...(port.key ? [{ property: 'keyFormat', value: port.key.format }] : []),
      ],
    })),
    customProperties,
  };
}
