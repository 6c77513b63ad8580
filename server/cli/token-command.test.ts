import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuthService } from '../auth/auth-service.ts';
import type { AuditStore } from '../store/audit-store.ts';
import { runCli } from '../test-support/cli-io.ts';
import { testGraph } from '../test-support/graph.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'poolwatch-token-cli-'));
const env = { POOLWATCH_DATA_DIR: dataDir };

const run = (argv: string[], e: Record<string, string | undefined> = env) => runCli(argv, '', e);

function withDb<T>(fn: (auth: AuthService, audit: AuditStore) => T): T {
  const g = testGraph({ env });
  try {
    return fn(g.auth, g.stores.audit);
  } finally {
    g.stop();
  }
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('poolwatch token', () => {
  let created = '';

  it('creates a token in POOLWATCH_DATA_DIR and prints it once, alone on stdout', async () => {
    const r = await run(['token', 'create', '--role', 'viewer', '--name', 'grafana']);
    expect(r.code).toBe(0);
    created = r.stdout.trim();
    expect(r.stdout).toMatch(/^pw_[A-Za-z0-9_-]{43}\n$/);
    expect(r.stderr).toContain('token 1 "grafana" (role viewer)');
    expect(r.stderr).toContain('shown only this once');
    // The server resolves it from the same file; the file holds only its hash.
    withDb((auth, audit) => {
      expect(auth.resolveToken(created)).toMatchObject({ kind: 'token', name: 'grafana', role: 'viewer' });
      expect(auth.listTokens()[0]).toMatchObject({ createdBy: 'cli' });
      expect(audit.list()[0]).toMatchObject({ actor: 'cli', action: 'token.create', outcome: 'ok' });
    });
  });

  it('names a token by its creation time when no --name is given', async () => {
    const r = await run(['token', 'create', '--role', 'admin']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/token 2 "cli-\d{8}-\d{6}" \(role admin\)/);
  });

  it('lists tokens without their secrets', async () => {
    const r = await run(['token', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID +NAME/);
    expect(r.stdout).toMatch(/\n1 +grafana +viewer +cli +\S+ +\S+ +active\n/);
    expect(r.stdout).toMatch(/\n2 +cli-\S+ +admin +cli +\S+ +never +active\n/);
    expect(r.stdout).not.toContain(created);
  });

  it('revokes a token by id, after which it no longer resolves', async () => {
    const r = await run(['token', 'revoke', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('revoked API token 1 "grafana"\n');
    withDb((auth) => expect(auth.resolveToken(created)).toBeNull());
    expect((await run(['token', 'list'])).stdout).toMatch(/\n1 +grafana .* revoked \d{4}-/);
    const missing = await run(['token', 'revoke', '99']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no API token with id 99');
  });

  it.each([
    [['token'], /usage: poolwatch token create/],
    [['token', 'create'], /--role must be admin or viewer/],
    [['token', 'create', '--role', 'root'], /--role must be admin or viewer/],
    [['token', 'create', '--role', 'admin', '--name', 'has space'], /--name/],
    [['token', 'create', '--role', 'admin', '--bogus'], /Unknown option '--bogus'/],
    [['token', 'revoke'], /give one token id/],
    [['token', 'revoke', 'abc'], /give one token id/],
    [['token', 'frobnicate'], /unknown subcommand "frobnicate"/],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exits 2 naming the variable when the configuration is invalid', async () => {
    const r = await run(['token', 'list'], { POOLWATCH_DATA_DIR: 'relative' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('POOLWATCH_DATA_DIR');
  });
});
