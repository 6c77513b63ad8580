/**
 * Commands shown in the guidance: argv arrays (what a job would run) plus their text form for
 * copying into a shell.
 */

// Characters a POSIX shell treats literally in an unquoted word. Anything else — spaces, `<`,
// `>`, quotes, `$` — gets single quotes, so a pasted placeholder such as `<new-device>` fails as
// a missing device instead of being read as a redirection.
const SHELL_SAFE_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (SHELL_SAFE_ARG.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandText(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** Placeholders the admin fills in; the UI recognises them by their angle brackets. */
export const NEW_DEVICE_PLACEHOLDER = '<new-device>';
export const DEVID_PLACEHOLDER = '<devid>';
