/** poolwatch inside Cockpit: the identity line, and why the page cannot reach poolwatch. */

export const COCKPIT_TEXT = {
  connecting: 'poolwatch',
  identity: {
    admin: (user: string) => `${user} · administrative access`,
    viewer: (user: string) => `${user} · read-only`,
    viewerHint: 'Turn on administrative access (top bar) to run maintenance.',
  },
  noAccess: {
    title: 'poolwatch is not open to this account',
    text: (socket: string, group: string | null) =>
      `Cockpit could not open poolwatch's read-only socket ${socket}: this account is not allowed to.` +
      (group ? ` Add it to the group “${group}” (usermod -aG ${group} <user>, then log in again),` : ' Add it to the socket\'s group,') +
      ' or turn on administrative access in the top bar.',
  },
  notRunning: {
    title: 'poolwatch is not running',
    text: (socket: string) => `There is no poolwatch socket at ${socket}. Start the service (systemctl start poolwatch) and reload this page.`,
  },
  failed: {
    title: 'Cannot reach poolwatch',
    text: (message: string) => `Cockpit answered: ${message}`,
  },
  loadingWhat: 'poolwatch',
} as const;
