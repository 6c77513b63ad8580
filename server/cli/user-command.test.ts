import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli-io.ts';
import { testGraph } from '../test-support/graph.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'poolwatch-user-cli-'));
const env = { POOLWATCH_DATA_DIR: dataDir };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('poolwatch user reset-password', { timeout: 30_000 }, () => {
  it('sets a new password read from stdin, ends the user\'s sessions and audits it', async () => {
    const g = testGraph({ env });
    await g.auth.bootstrapAdmin('admin', 'the first admin password');
    const session = await g.auth.login('admin', 'the first admin password', '10.0.0.1');
    g.stop();

    const r = await runCli(['user', 'reset-password', 'admin'], 'a brand new passphrase\n', env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the password of admin (admin) was reset');

    const after = testGraph({ env });
    try {
      expect(after.auth.resolveSession(session.id)).toBeNull();
      await expect(after.auth.login('admin', 'the first admin password', '10.0.0.2')).rejects.toThrow(/wrong username or password/);
      expect((await after.auth.login('admin', 'a brand new passphrase', '10.0.0.3')).user.name).toBe('admin');
      expect(after.stores.audit.list({ action: 'user.password-reset' })[0]).toMatchObject({ actor: 'cli', target: 'admin', outcome: 'ok' });
    } finally {
      after.stop();
    }
    expect((await runCli(['user', 'list'], '', env)).stdout).toMatch(/^admin +admin +created /);
  });

  it.each([
    [['user', 'reset-password', 'nobody'], 'long enough password\n', 1, /no user named "nobody"/],
    [['user', 'reset-password', 'admin'], 'password123456\n', 1, /common password/],
    [['user', 'reset-password', 'admin'], 'short\n', 1, /at least 12 characters/],
    [['user', 'reset-password'], '', 2, /usage: poolwatch user reset-password NAME/],
    [['user', 'rename', 'x'], '', 2, /unknown subcommand "rename"/],
  ])('refuses %j', async (argv, stdin, code, message) => {
    const r = await runCli(argv, stdin, env);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});
