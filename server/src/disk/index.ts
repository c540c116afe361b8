/**
 * The language services over the local disk: the file reader and the mesh-file finder, for the language
 * server and `datamesh lint`. The one entry of server/src/disk that code outside server/ may import: the
 * services themselves never touch the disk (eslint.config.mjs).
 */
export { MAX_READ_BYTES, nodeFileReader } from './nodeFileReader';
export { findMeshFiles, findMeshFileUris } from './meshFileWalker';
