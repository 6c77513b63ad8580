/**
 * This machine's names and addresses: the default Host allowlist (server/http/web-guards.ts).
 */
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';

/** `[::1]` → `::1`, `NAS.lan.` → `nas.lan`. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

/** Names in /etc/hosts that point at one of `addresses` (the machine's own). */
function hostsFileNames(addresses: ReadonlySet<string>, file = '/etc/hosts'): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const [address, ...rest] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && addresses.has(normalizeHost(address))) names.push(...rest);
  }
  return names;
}

/**
 * The default allowlist: localhost, the machine's host name (short, as given, and `.local` for
 * mDNS), every address of its interfaces, the listen address when it is a specific one, and the
 * names /etc/hosts gives those addresses. A name the admin uses beyond these (a DNS name of the
 * NAS, a reverse proxy's) goes into POOLWATCH_ALLOWED_HOSTS.
 */
export function machineHosts(listenHost: string): string[] {
  const addresses = new Set<string>(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) addresses.add(normalizeHost(a.address.replace(/%.*$/, '')));
  if (listenHost !== '0.0.0.0' && listenHost !== '::') addresses.add(normalizeHost(listenHost));
  const name = normalizeHost(hostname());
  const names = new Set<string>(['localhost', name, name.split('.')[0]!, `${name.split('.')[0]}.local`, ...hostsFileNames(addresses).map(normalizeHost)]);
  return [...names, ...addresses].filter((h) => h !== '');
}

