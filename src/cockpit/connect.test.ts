import { describe, expect, it } from 'vitest';
import type { Cockpit, CockpitPermission, CockpitUser } from './cockpit-api.ts';
import { connect } from './connect.ts';

const CONFIG = { socket: '/run/poolwatch/poolwatch.sock', adminSocket: '/run/poolwatch/poolwatch-admin.sock', group: 'poolwatch' };

function fakeCockpit(user: Partial<CockpitUser>, allowed: boolean | null, later?: boolean): Cockpit {
  const listeners: (() => void)[] = [];
  const permission: CockpitPermission = { allowed, addEventListener: (_t, l) => listeners.push(l) };
  if (later !== undefined) {
    setTimeout(() => {
      permission.allowed = later;
      for (const l of listeners) l();
    }, 5);
  }
  return {
    user: () => ({ then: (ok) => ok({ id: 1000, name: 'alice', full_name: '', groups: [], ...user }) }),
    permission: () => permission,
    http: () => {
      throw new Error('not used');
    },
    message: () => '',
  };
}

describe('connect', () => {
  it('uses the admin socket through the privileged bridge when administrative access is on', async () => {
    expect(await connect(fakeCockpit({}, true), CONFIG)).toEqual({ user: 'alice', admin: true, socket: CONFIG.adminSocket, superuser: true });
  });

  it('uses the read-only socket through the user’s own bridge otherwise, also when Cockpit answers late', async () => {
    expect(await connect(fakeCockpit({}, false), CONFIG)).toEqual({ user: 'alice', admin: false, socket: CONFIG.socket, superuser: false });
    expect(await connect(fakeCockpit({}, null, false), CONFIG)).toMatchObject({ admin: false, socket: CONFIG.socket });
    expect(await connect(fakeCockpit({}, null, true), CONFIG)).toMatchObject({ admin: true, superuser: true });
  });

  it('root logged in directly is root already: the admin socket without a privileged bridge', async () => {
    expect(await connect(fakeCockpit({ id: 0, name: 'root' }, false), CONFIG)).toEqual({ user: 'root', admin: true, socket: CONFIG.adminSocket, superuser: false });
  });
});
