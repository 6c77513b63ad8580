// `npm start`: install what is missing, build dist/ when the sources changed, then serve poolwatch
// against this host's pools with plain `node` on the compiled server — what production runs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureBuilt, ensureNodeModules, ensureSystemPackages } from './ensure.mjs';

ensureSystemPackages({ btrfs: 'btrfs-progs', smartctl: 'smartmontools' });
ensureNodeModules();
ensureBuilt();
const serve = spawnSync(process.execPath, [join(ROOT, 'dist', 'server', 'main.mjs')], { stdio: 'inherit', cwd: ROOT });
process.exit(serve.status ?? 1);
