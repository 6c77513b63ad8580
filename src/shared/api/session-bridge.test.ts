import { afterEach, describe, expect, it } from 'vitest';
import { notifyUnauthorized, setUnauthorizedHandler } from './session-bridge.ts';

afterEach(() => setUnauthorizedHandler(null));

describe('notifyUnauthorized', () => {
  it('calls the handler on a 401, except from the login endpoints themselves', () => {
    const seen: string[] = [];
    setUnauthorizedHandler(() => seen.push('called'));
    for (const p of ['/api/login', '/api/session', '/api/setup']) notifyUnauthorized(p);
    expect(seen).toEqual([]);
    notifyUnauthorized('/api/pools');
    notifyUnauthorized('/api/sessions-of-something-else');
    expect(seen).toEqual(['called', 'called']);
  });

  it('does nothing outside a browser with the default handler', () => {
    expect(() => notifyUnauthorized('/api/pools')).not.toThrow();
  });
});
