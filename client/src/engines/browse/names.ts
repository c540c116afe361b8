/** Plain code-unit order, the same in every locale (and as kcat prints). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
