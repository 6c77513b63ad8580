/**
 * The UI's first import. The server's Content-Security-Policy allows no eval (script-src 'self'),
 * and zod compiles its object parsers with `new Function` unless told not to — even its probe for
 * that is reported as a violation. Without JIT zod parses the same, a little slower. Must run before
 * any schema is built (contracts/ build theirs when imported), hence its own module, imported first.
 * In the build `zod` itself resolves to src/zod-no-eval.ts, which does the same before any importer
 * runs (code splitting may run a shared chunk before this module); this stays for the dev server.
 */
import { z } from 'zod';

z.config({ jitless: true });
