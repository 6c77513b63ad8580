/**
 * `npm run lab -- <command>`: build and tear down real btrfs scenarios on loop devices (root only).
 *   list                 the scenarios, and which are up
 *   up <scenario>        build it (fails if it is already up); a scenario that breaks its pools
 *                        builds them whole, waits UP_SETTLE_MS, then breaks them (`--whole`: not yet)
 *   break <scenario>     break an up scenario now (pull its disks, mount degraded)
 *   down [<scenario>]    tear down one scenario, or every scenario of this lab folder
 *   pull <scenario> <disk>    detach one lab disk (as if its cable came out)
 *   attach <scenario> <disk>  plug it back in
 *   status [<scenario>]  print the recorded state (loop devices, pools, files)
 * POOLWATCH_LAB_DIR chooses the folder (default: .lab in the checkout).
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LAB_DIR, Lab, LabError, labUnavailableReason, teardown } from './lab.ts';
import { SCENARIOS, findScenario } from './scenarios.ts';

/**
 * Between building a scenario whole and breaking it, on the command line: a running poolwatch
 * notices the new pools within a second or two (the mounts the build made and undid change what it
 * watches) and records which disk is which member — what lets it name the pulled disk later.
 * Breaking at once would race that first look: the pool would be seen only broken.
 */
export const UP_SETTLE_MS = 5000;

export async function upScenario(root: string, name: string, opts: { break?: boolean; settleMs?: number } = {}): Promise<Lab> {
  const scenario = findScenario(name);
  if (!scenario) throw new LabError(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const lab = await Lab.create(root, name);
  try {
    await scenario.build(lab);
    if (opts.break !== false && scenario.break) {
      if (opts.settleMs) await new Promise((r) => setTimeout(r, opts.settleMs));
      await scenario.break(lab);
    }
    await lab.save();
    return lab;
  } catch (err) {
    await teardown(lab.state.dir).catch(() => undefined);
    throw err;
  }
}

/**
 * Runs an up scenario's break step (pull disks, mount degraded) — for tests that let poolwatch see
 * the pools healthy first, which is how it learns each member's disk.
 */
export async function breakScenario(lab: Lab): Promise<void> {
  const scenario = findScenario(lab.state.scenario);
  if (!scenario?.break) throw new LabError(`scenario ${lab.state.scenario} has no break step`);
  await scenario.break(lab);
  await lab.save();
}

export async function downScenario(root: string, name: string): Promise<string[]> {
  return teardown(join(root, name));
}

async function upScenarios(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  return (await readdir(root)).filter((n) => existsSync(Lab.stateFile(root, n)));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const root = DEFAULT_LAB_DIR;
  if (!command || command === 'help' || command === '--help') {
    console.log('usage: npm run lab -- list | up <scenario> [--whole] | break <scenario> | down [<scenario>] | pull <scenario> <disk> | attach <scenario> <disk> | status [<scenario>]');
    return command ? 0 : 2;
  }
  if (command === 'list') {
    const up = new Set(await upScenarios(root));
    for (const s of SCENARIOS) console.log(`${up.has(s.name) ? '[up]  ' : '      '}${s.name.padEnd(26)} ${s.description}`);
    return 0;
  }
  const why = await labUnavailableReason();
  if (why) {
    console.error(`lab: cannot run here: ${why}`);
    return 2;
  }
  switch (command) {
    case 'up': {
      const name = rest.find((a) => !a.startsWith('--'));
      if (!name) throw new LabError('up needs a scenario name (see `npm run lab -- list`)');
      const whole = rest.includes('--whole');
      if (!whole && findScenario(name)?.break) console.log(`building ${name} whole, then breaking it in ${UP_SETTLE_MS / 1000} s (so a running poolwatch sees it whole first)`);
      const lab = await upScenario(root, name, { break: !whole, settleMs: UP_SETTLE_MS });
      for (const [name, p] of Object.entries(lab.state.pools)) console.log(`pool ${name}: label ${p.label}, uuid ${p.uuid}, mount point ${p.mountPoint}`);
      for (const d of Object.values(lab.state.disks)) console.log(`disk ${d.name}: ${d.loop ?? 'pulled'} (${d.file})`);
      return 0;
    }
    case 'break': {
      const lab = rest[0] ? await Lab.load(root, rest[0]) : null;
      if (!lab) throw new LabError(`break needs an up scenario (see \`npm run lab -- list\`)`);
      await breakScenario(lab);
      return 0;
    }
    case 'down': {
      const names = rest[0] ? [rest[0]] : await upScenarios(root);
      for (const n of names) for (const line of await downScenario(root, n)) console.log(`${n}: ${line}`);
      return 0;
    }
    case 'pull':
    case 'attach': {
      const [scenario, disk] = rest;
      if (!scenario || !disk) throw new LabError(`${command} needs <scenario> <disk>`);
      const lab = await Lab.load(root, scenario);
      if (!lab) throw new LabError(`scenario ${scenario} is not up`);
      if (command === 'pull') await lab.pull(disk);
      else console.log(await lab.attach(disk));
      return 0;
    }
    case 'status': {
      const names = rest[0] ? [rest[0]] : await upScenarios(root);
      for (const n of names) console.log(JSON.stringify((await Lab.load(root, n))?.state ?? null, null, 2));
      return 0;
    }
    default:
      throw new LabError(`unknown command "${command}"`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`lab: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
