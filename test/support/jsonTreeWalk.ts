import type { JsonPath } from '../../server/src/services/json/jsonNavigation';
import type { JsonNode, JsonValueNode } from '../../server/src/services/json/jsonTree';

/** Every node of the tree with its path, parents before children. */
export function walkJsonTree(root: JsonValueNode | undefined): { node: JsonNode; path: JsonPath }[] {
  const found: { node: JsonNode; path: JsonPath }[] = [];
  const visit = (node: JsonValueNode, path: JsonPath) => {
    found.push({ node, path });
    if (node.type === 'object') {
      for (const property of node.properties) {
        const propertyPath = [...path, property.key.value];
        found.push({ node: property, path: propertyPath });
        found.push({ node: property.key, path: propertyPath });
        if (property.value) visit(property.value, propertyPath);
      }
    } else if (node.type === 'array') node.items.forEach((item, index) => visit(item, [...path, index]));
  };
  if (root) visit(root, []);
  return found;
}
