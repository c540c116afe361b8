// Manifests and schemas the suite writes into the workspace, each under a domain of its own per run.

export const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  namespace: 'exthost',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'amount', type: 'double' },
  ],
};

export interface ManifestOptions {
  domain: string;
  /** Default `<domain>.orders`. */
  id?: string;
  topic: string;
  /** The value schema's path, relative to the workspace (where the manifests are). */
  schema: string;
  compatibility?: string;
  inputProduct?: string;
}

export function ordersManifest(options: ManifestOptions): string {
  const lines = [
    'apiVersion: datamesh/v1',
    'kind: DataProduct',
    `id: ${options.id ?? `${options.domain}.orders`}`,
    'name: orders',
    `domain: ${options.domain}`,
    'version: 1.0.0',
    'status: active',
    'owner:',
    '  team: sales-platform',
    'description:',
    '  purpose: Every order placed in the web shop.',
    'tier: tier-2',
    'quality: curated',
    'outputPorts:',
    '  - name: order-events',
    `    topic: ${options.topic}`,
    '    value:',
    '      format: avro',
    `      schema: ${options.schema}`,
    `      compatibility: ${options.compatibility ?? 'BACKWARD'}`,
  ];
  if (options.inputProduct) lines.push('inputPorts:', `  - product: ${options.inputProduct}`, '    port: customer-events');
  return `${lines.join('\n')}\n`;
}
