/** poolwatch's version, from package.json (esbuild inlines it in the compiled server). */
import pkg from '../package.json' with { type: 'json' };

export const POOLWATCH_VERSION: string = pkg.version;
