import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('/var/lib/poolwatch');
    expect(c.dbFile).toBe('/var/lib/poolwatch/poolwatch.sqlite');
  });
  it('reads PORT and POOLWATCH_DATA_DIR', () => {
    const c = loadConfig({ PORT: '9123', POOLWATCH_DATA_DIR: '/srv/pw/' });
    expect(c.port).toBe(9123);
    expect(c.dbFile).toBe('/srv/pw/poolwatch.sqlite');
  });
  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ POOLWATCH_DATA_DIR: 'relative/dir' }, /POOLWATCH_DATA_DIR: must be an absolute path/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
