import { describe, expect, it } from 'vitest';
import { hostNamespacePrefix } from './mount-namespace.ts';

const links = (table: Record<string, string>) => async (path: string) => {
  const link = table[path];
  if (link === undefined) throw Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
  return link;
};

describe('hostNamespacePrefix', () => {
  it('runs commands as they are when poolwatch shares the host mount namespace', async () => {
    expect(await hostNamespacePrefix('/proc/1/ns/mnt', links({ '/proc/self/ns/mnt': 'mnt:[1]', '/proc/1/ns/mnt': 'mnt:[1]' }))).toEqual([]);
  });

  it('enters the host namespace when systemd gave poolwatch a private one', async () => {
    expect(await hostNamespacePrefix('/proc/1/ns/mnt', links({ '/proc/self/ns/mnt': 'mnt:[2]', '/proc/1/ns/mnt': 'mnt:[1]' }))).toEqual(['nsenter', '--mount=/proc/1/ns/mnt', '--']);
  });

  it('runs commands as they are when the host namespace cannot be read (a sandbox)', async () => {
    expect(await hostNamespacePrefix('/proc/1/ns/mnt', links({ '/proc/self/ns/mnt': 'mnt:[2]' }))).toEqual([]);
  });
});
