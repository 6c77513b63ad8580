/**
 * The UI's first import. The server's Content-Security-Policy allows no eval (script-src 'self'),
 * and zod compiles its object parsers with `new Function` unless told not to — even its probe for
 * that is reported as a violation. Without JIT zod parses the same, a little slower. Must run before
 * any schema is built (contracts/ build theirs when imported), hence its own module, imported first.
 */
import { z } from 'zod';

z.config({ jitless: true });
