/** The test page of another origin that embeds `<poolwatch-banner>` (e2e/embed.spec.ts): 1000 above the e2e port. */
export const EMBED_TEST_PORT = Number(process.env.POOLWATCH_E2E_PORT ?? 18080) + 1000;
/** Allowed in POOLWATCH_EMBED_ORIGINS of the e2e server; the same page as http://127.0.0.1:… is not. */
export const EMBED_ALLOWED_ORIGIN = `http://localhost:${EMBED_TEST_PORT}`;
