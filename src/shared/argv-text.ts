/** A command's argv as one line a POSIX shell reads back as the same argv (for display and copying). Pure. */

/** Arguments made only of these need no quotes. */
const SAFE_ARG = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (arg !== '' && SAFE_ARG.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function argvText(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
