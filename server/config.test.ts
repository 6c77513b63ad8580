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
    [{ PORT: '80.5' }, /PORT: must be a port number/],
    [{ PORT: '0' }, /PORT: must be 1–65535/],
    [{ PORT: ' 8080; rm' }, /PORT/],
    [{ HOST: 'not a host!' }, /HOST: must be an IP address/],
    [{ HOST: '-oProxy' }, /HOST/],
    [{ HOST: 'nas:8080' }, /HOST/],
    [{ POOLWATCH_ALLOWED_HOSTS: 'nas.lan, evil host' }, /POOLWATCH_ALLOWED_HOSTS/],
    [{ POOLWATCH_TLS_CERT: '/etc/pw/cert.pem' }, /POOLWATCH_TLS_CERT and POOLWATCH_TLS_KEY: set both/],
    [{ POOLWATCH_SETUP_TOKEN: 'short' }, /POOLWATCH_SETUP_TOKEN: must be at least 16 characters/],
    [{ POOLWATCH_AUDIT_MAX_ROWS: '10' }, /POOLWATCH_AUDIT_MAX_ROWS/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the first admin from POOLWATCH_ADMIN_PASSWORD (user admin unless named)', () => {
    expect(loadConfig({}).bootstrapAdmin).toBeUndefined();
    expect(loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'twelve chars' }).bootstrapAdmin).toEqual({ username: 'admin', password: 'twelve chars' });
    expect(loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'twelve chars', POOLWATCH_ADMIN_USER: 'root-admin' }).bootstrapAdmin?.username).toBe('root-admin');
  });
  it('accepts addresses and names for HOST and the Host allowlist', () => {
    for (const host of ['0.0.0.0', '::', '127.0.0.1', 'fe80::1', 'nas', 'nas.example.com']) expect(loadConfig({ HOST: host }).host).toBe(host);
    expect(loadConfig({}).security.allowedHosts).toBeNull();
    expect(loadConfig({ POOLWATCH_ALLOWED_HOSTS: 'NAS.lan, 192.168.1.10,[fd00::1]' }).security.allowedHosts).toEqual(['nas.lan', '192.168.1.10', 'fd00::1']);
    expect(loadConfig({ POOLWATCH_ALLOWED_HOSTS: '*' }).security.allowedHosts).toEqual(['*']);
  });

  it('reads TLS, the trusted proxy and the audit retention', () => {
    const c = loadConfig({ POOLWATCH_TLS_CERT: '/etc/pw/cert.pem', POOLWATCH_TLS_KEY: '/etc/pw/key.pem', POOLWATCH_TRUST_PROXY: 'loopback, 10.0.0.0/8' });
    expect(c.security.tls).toEqual({ cert: '/etc/pw/cert.pem', key: '/etc/pw/key.pem' });
    expect(c.security.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({}).security.trustProxy).toBe(false);
    expect(loadConfig({}).audit).toEqual({ maxAgeDays: 365, maxRows: 100_000 });
  });

  it('never echoes the setup token', () => {
    expect(() => loadConfig({ POOLWATCH_SETUP_TOKEN: 'sekrit' })).not.toThrow(/sekrit/);
  });

  it('never echoes the admin password in its error message', () => {
    expect(() => loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'hunter2' })).toThrow('(got 7 characters)');
    expect(() => loadConfig({ POOLWATCH_ADMIN_PASSWORD: 'hunter2' })).not.toThrow(/hunter2/);
  });
});
