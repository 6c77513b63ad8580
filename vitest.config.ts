import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, fixtures, fake host; runs anywhere) and `integration`
// (real btrfs pools on loop devices; needs root, skips with a printed reason elsewhere,
// and fails under CI when it would skip — see lab/require-lab.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Some unit tests spawn real processes (RealHost + the fake smartctl, the CLI): on a loaded
          // 2-core machine one spawn can take seconds. Nothing here is a timing assertion.
          testTimeout: 30_000,
          include: ['contracts/**/*.test.ts', 'server/**/*.test.ts', 'src/**/*.test.ts', 'lab/**/*.test.ts', 'acceptance/**/*.test.ts', 'scripts/**/*.test.ts', 'deploy/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/**/*.int.test.ts', 'lab/**/*.int.test.ts', 'deploy/**/*.int.test.ts'],
          environment: 'node',
          // Real pools share loop devices and the kernel: run files one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
