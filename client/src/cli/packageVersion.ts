// The package's version, inlined by the bundler (only this field of package.json ends up in dist/cli.js).
import { version } from '../../../package.json';

export const PACKAGE_VERSION: string = version;
