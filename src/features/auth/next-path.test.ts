import { describe, expect, it } from 'vitest';
import { loginPath, safeNext } from './next-path.ts';

describe('safeNext', () => {
  it.each([
    [null, '/'],
    ['', '/'],
    ['/pools/abc?x=1', '/pools/abc?x=1'],
    ['/disks', '/disks'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?next=/disks', '/'],
    ['/setup', '/'],
  ])('%j → %j', (raw, want) => {
    expect(safeNext(raw)).toBe(want);
  });
});

describe('loginPath', () => {
  it('carries the page to return to', () => {
    expect(loginPath({ pathname: '/pools/u', search: '?tab=1' })).toBe('/login?next=%2Fpools%2Fu%3Ftab%3D1');
    expect(loginPath({ pathname: '/', search: '' })).toBe('/login');
  });
});
