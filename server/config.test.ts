import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('/var/lib/poolwatch');
    expect(c.dbFile).toBe('/var/lib/poolwatch/poolwatch.sqlite');
    expect(c.commands).toEqual({ readDeadlineMs: 10_000, executables: {} });
  });
  it('reads the read deadline and the btrfs executable', () => {
    expect(loadConfig({ POOLWATCH_READ_DEADLINE_SECONDS: '2.5', POOLWATCH_BTRFS: '/opt/btrfs' }).commands)
      .toEqual({ readDeadlineMs: 2500, executables: { btrfs: '/opt/btrfs' } });
  });
  it('reads PORT and POOLWATCH_DATA_DIR', () => {
    const c = loadConfig({ PORT: '9123', POOLWATCH_DATA_DIR: '/srv/pw/' });
    expect(c.port).toBe(9123);
    expect(c.dbFile).toBe('/srv/pw/poolwatch.sqlite');
  });
  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ POOLWATCH_READ_DEADLINE_SECONDS: '0' }, /POOLWATCH_READ_DEADLINE_SECONDS/],
    [{ POOLWATCH_DATA_DIR: 'relative/dir' }, /POOLWATCH_DATA_DIR: must be an absolute path/],
    [{ POOLWATCH_ADMIN_PASSWORD: 'short' }, /POOLWATCH_ADMIN_PASSWORD: must be at least 12 characters/],
    [{ POOLWATCH_ADMIN_PASSWORD: 'long enough pw', POOLWATCH_ADMIN_USER: 'bad name' }, /POOLWATCH_ADMIN_USER/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the first admin from POOLWATCH_ADMIN_PASSWORD (user admin unless named)', () => {
    expect(loadConfig({}).bootstrapAdmin).toBeUndefined();
    expect(loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'twelve chars' }).bootstrapAdmin).toEqual({ username: 'admin', password: 'twelve chars' });
    expect(loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'twelve chars', POOLWATCH_ADMIN_USER: 'root-admin' }).bootstrapAdmin?.username).toBe('root-admin');
  });
  it('never echoes the admin password in its error message', () => {
    expect(() => loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'hunter2' })).toThrow('(got 7 characters)');
    expect(() => loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'hunter2' })).not.toThrow(/hunter2/);
  });
});
