/**
 * The manifest fields neither standard has a place for (tier, quality, containsPii, deprecation), as
 * custom properties that both standards allow, under the manifest's own names so an import reads them back.
 */
import type { ExportManifest } from './exportTypes';

export interface CustomProperty {
  property: string;
  value: unknown;
}

export function productCustomProperties(manifest: ExportManifest): CustomProperty[] {
  const properties: CustomProperty[] = [
    { property: 'dataProductId', value: manifest.id },
    { property: 'tier', value: manifest.tier },
    { property: 'quality', value: manifest.quality },
    { property: 'containsPii', value: manifest.containsPii === true },
  ];
  if (manifest.deprecation) properties.push({ property: 'deprecation', value: { ...manifest.deprecation } });
  return properties;
}

/** The manifest's description without absent parts. */
export function descriptionOf(manifest: ExportManifest): { purpose: string; usage?: string; limitations?: string } {
  const { purpose, usage, limitations } = manifest.description;
  return { purpose, ...(usage !== undefined && { usage }), ...(limitations !== undefined && { limitations }) };
}

/** The owning team; the owner's e-mail, when given, is its one member with the role `owner`. */
export function teamOf(manifest: ExportManifest): { name: string; members?: { username: string; role: string }[] } {
  return {
    name: manifest.owner.team,
    ...(manifest.owner.email !== undefined && { members: [{ username: manifest.owner.email, role: 'owner' }] }),
  };
}

/** The contract id of an output port, which ODPS output ports and ODCS contracts share. */
export function contractId(productId: string, portName: string): string {
  return `${productId}.${portName}`;
}
