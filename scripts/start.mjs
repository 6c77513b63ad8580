// `npm start`: install what is missing, build the UI, serve poolwatch against this host's pools.
import { spawnSync } from 'node:child_process';
import { ROOT, ensureNodeModules, ensureSystemPackages } from './ensure.mjs';

ensureSystemPackages({ btrfs: 'btrfs-progs', smartctl: 'smartmontools' });
ensureNodeModules();
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
if (build.status !== 0) process.exit(build.status ?? 1);
const serve = spawnSync('npx', ['tsx', 'server/main.ts'], { stdio: 'inherit', cwd: ROOT });
process.exit(serve.status ?? 1);
