/**
 * Test support: points the real execa path at fixtures/bin/smartctl (a fake that prints recorded
 * captures) through the environment, and reads back which commands it was given.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * For RealHost({ testDevices }): the fake smartctl answers made-up device paths (`/dev/sda`,
 * `/dev/fake/<capture>`) that need not exist here; they count as listed block devices. The other
 * operand rules (builder-made, `/dev/…` form, `--`) still apply.
 */
export const FAKE_DEVICES = {
  realPath: async (path: string): Promise<string | null> => path,
  isListedBlockDevice: async (): Promise<boolean> => true,
};

export const FAKE_SMARTCTL = join(import.meta.dirname, '..', '..', 'fixtures', 'bin', 'smartctl');
export const SMARTCTL_CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'smartctl');

/** A step of the fake: a fixture name, inline output, or a sequence (see fixtures/bin/fake-smartctl.mjs). */
export type FakeStep = string | { file?: string; stdout?: string; exit?: number } | FakeStep[];
export type FakeSpec = string | Partial<Record<'report' | 'poll' | 'scterc' | 'scterc-set' | 'test' | 'abort', FakeStep>> & { expectType?: string };

export interface FakeSmartctl {
  readonly binary: string;
  readonly stateDir: string;
  /** argv of every invocation so far (without the program name). */
  calls(): string[][];
  /** Replaces the device map (the state folder is kept). */
  setMap(map: Record<string, FakeSpec>): void;
  restore(): void;
}

const VARS = ['POOLWATCH_FAKE_SMARTCTL_MAP', 'POOLWATCH_FAKE_SMARTCTL_STATE', 'POOLWATCH_FAKE_SMARTCTL_DIR', 'POOLWATCH_FAKE_SMARTCTL_NODE'] as const;

export function useFakeSmartctl(map: Record<string, FakeSpec>, opts: { fixtureDir?: string } = {}): FakeSmartctl {
  const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  const stateDir = mkdtempSync(join(tmpdir(), 'poolwatch-fake-smartctl-'));
  process.env.POOLWATCH_FAKE_SMARTCTL_STATE = stateDir;
  process.env.POOLWATCH_FAKE_SMARTCTL_DIR = opts.fixtureDir ?? SMARTCTL_CORPUS;
  // The test runner's node may not be on the PATH the fake's shell wrapper sees.
  process.env.POOLWATCH_FAKE_SMARTCTL_NODE = process.execPath;
  const setMap = (m: Record<string, FakeSpec>) => {
    process.env.POOLWATCH_FAKE_SMARTCTL_MAP = JSON.stringify(m);
  };
  setMap(map);
  return {
    binary: FAKE_SMARTCTL,
    stateDir,
    setMap,
    calls() {
      let text = '';
      try {
        text = readFileSync(join(stateDir, 'calls.jsonl'), 'utf8');
      } catch {
        return [];
      }
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]);
    },
    restore() {
      for (const v of VARS) {
        if (saved[v] === undefined) delete process.env[v];
        else process.env[v] = saved[v];
      }
      // A smartctl the service started may still be writing its state as the test ends: retry.
      rmSync(stateDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}
