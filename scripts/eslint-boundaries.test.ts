/**
 * The room boundaries (docs/architecture.md) are lint rules: each deliberate violation below must
 * fail `npm run lint` with no-restricted-imports, and the allowed imports beside them must pass.
 * If a rule is deleted or loosened by mistake, its case here fails.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(import.meta.dirname, '..') });

/** The no-restricted-imports messages for `code` as if it were the file at `path`. */
async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(import.meta.dirname, '..', path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const use = (spec: string, i = 0) => `import * as x${i} from '${spec}';\nexport const y${i} = x${i};\n`;

describe('lint: the rooms and what each may import', () => {
  it.each([
    ['parsers stay pure: no host', 'server/parsers/new.ts', '../host/real-host.ts'],
    ['parsers stay pure: no file system', 'server/parsers/new.ts', 'node:fs'],
    ['health stays pure: no store', 'server/health/new.ts', '../store/db.ts'],
    ['health stays pure: no services', 'server/health/new.ts', '../jobs/job-runner.ts'],
    ['only services, jobs and the composition root import host: not the store', 'server/store/new.ts', '../host/host.ts'],
    ['only services, jobs and the composition root import host: not a route', 'server/http/routes/new.ts', '../../host/real-host.ts'],
    ['a route spawns nothing', 'server/http/routes/new.ts', 'node:child_process'],
    ['a service spawns nothing itself', 'server/smart/new.ts', 'execa'],
    ['a service knows no HTTP', 'server/jobs/new.ts', '../http/app.ts'],
    ['production code does not import test support (server)', 'server/jobs/new.ts', '../test-support/fake-host.ts'],
    ['production code does not import test support (UI)', 'src/shared/new.ts', '../test/pools.ts'],
    ['production code does not import the composition root', 'server/smart/new.ts', '../compose.ts'],
    ['a UI feature does not import another feature (sibling path)', 'src/features/pools/new.tsx', '../jobs/api.ts'],
    ['a UI feature does not import another feature (through features/)', 'src/features/pools/new.tsx', '../../features/jobs/api.ts'],
    ['the UI talks to the server only through contracts', 'src/features/pools/new.tsx', '../../../server/errors.ts'],
    ['contracts depend on nothing of the server', 'contracts/new.ts', '../server/errors.ts'],
    ['server tests do not import the UI', 'server/http/new.test.ts', '../../src/shared/format.ts'],
    ['UI tests use the pool builder only, not the server', 'src/features/jobs/new.test.ts', '../../../server/test-support/graph.ts'],
  ])('%s', async (_why, path, spec) => {
    expect((await restricted(path, use(spec))).length, `${spec} from ${path}`).toBeGreaterThan(0);
  });

  it.each([
    ['a service uses host and stores', 'server/jobs/new.ts', ['../host/host.ts', '../store/audit-store.ts', '../../contracts/jobs.ts']],
    ['health uses parsers and contracts', 'server/health/new.ts', ['../parsers/mount-options.ts', '../../contracts/api.ts']],
    ['a route uses services, host\'s error type and contracts', 'server/http/routes/new.ts', ['../../jobs/job-runner.ts', '../../host/host-error.ts', '../../../contracts/jobs.ts']],
    ['the composition root builds everything', 'server/compose.ts', ['./host/real-host.ts', './store/db.ts', './http/app.ts']],
    ['a feature uses its own files, shared pieces and contracts', 'src/features/pools/new.tsx', ['./api.ts', '../../shared/format.ts', '../../../contracts/views.ts']],
    ['a server test uses test support', 'server/jobs/new.test.ts', ['../test-support/fake-host.ts', '../test-support/graph.ts']],
    ['a UI test uses src/test and the pool builder', 'src/features/jobs/new.test.ts', ['../../test/pools.ts', '../../../server/test-support/pools.ts']],
  ])('allowed: %s', async (_why, path, specs) => {
    expect(await restricted(path, specs.map((spec, i) => use(spec, i)).join(''))).toEqual([]);
  });
});
