/**
 * What `zod` means in the UI build (vite.config.ts aliases it here): zod itself, configured without
 * eval before any schema can be built. The server's Content-Security-Policy allows no eval
 * (script-src 'self'), and zod compiles its object parsers with `new Function` unless told not to —
 * even its probe for that is reported as a violation. Configuring it in the module every importer
 * of zod goes through keeps that true however the build splits the code into chunks (a module
 * imported first by main.tsx would run after a shared chunk that builds the contracts' schemas).
 */
import { z } from 'zod/v4';

z.config({ jitless: true });

export * from 'zod/v4';
export { z };
export default z;
