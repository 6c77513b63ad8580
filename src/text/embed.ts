/** `<poolwatch-banner>`: the few words another NAS UI's header shows. */

export const EMBED_TEXT = {
  headline: (state: string) =>
    state === 'failed' ? 'Pool failed' : state === 'unreadable' ? 'Pool unreadable' : state === 'at-risk' ? 'Pool at risk' : 'Pool degraded',
  /** "tank, media (not imported)" */
  pools: (pools: readonly { label: string | null; managed: boolean }[]) =>
    pools.map((p) => `${p.label ?? '(no label)'}${p.managed ? '' : ' (not imported)'}`).join(', '),
  unreachable: (why: string) => `poolwatch cannot be reached (${why})`,
  open: 'Open poolwatch',
} as const;
