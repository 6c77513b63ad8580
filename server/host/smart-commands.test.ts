import { describe, expect, it } from 'vitest';
import { ArgvError } from './argv.ts';
import { smartctlCommands, smartdCmd } from './smart-commands.ts';

const c = smartctlCommands('/opt/fake/smartctl');

describe('smartctl command builders', () => {
  it.each([
    ['report', c.report('/dev/sda', null), ['-j', '-x', '--', '/dev/sda']],
    ['report with a device type', c.report('/dev/sda', 'sat+megaraid,1'), ['-j', '-x', '-d', 'sat+megaraid,1', '--', '/dev/sda']],
    ['periodic report that leaves a sleeping disk asleep', c.report('/dev/sdb', 'sat', { skipIfStandby: true }), ['-j', '-x', '-n', 'standby', '-d', 'sat', '--', '/dev/sdb']],
    ['self-test status', c.selfTestStatus('/dev/nvme0n1', 'nvme'), ['-j', '-a', '-d', 'nvme', '--', '/dev/nvme0n1']],
    ['ERC read', c.ercRead('/dev/sdc', 'sntjmicron'), ['-l', 'scterc', '-d', 'sntjmicron', '--', '/dev/sdc']],
    ['ERC set', c.ercSet('/dev/sdc', null, 70, 70), ['-l', 'scterc,70,70', '--', '/dev/sdc']],
    ['short test', c.selfTestStart('/dev/sdd', null, 'short'), ['-t', 'short', '--', '/dev/sdd']],
    ['long test', c.selfTestStart('/dev/sdd', 'sat', 'long'), ['-t', 'long', '-d', 'sat', '--', '/dev/sdd']],
    ['conveyance test', c.selfTestStart('/dev/sdd', null, 'conveyance'), ['-t', 'conveyance', '--', '/dev/sdd']],
    ['abort', c.selfTestAbort('/dev/sdd', null), ['-X', '--', '/dev/sdd']],
    ['scan', c.scanOpen(), ['--scan-open', '-j']],
  ])('%s', (_name, spec, args) => {
    expect(spec.file).toBe('/opt/fake/smartctl');
    expect(spec.args).toEqual(args);
    // smartctl's exit status is a bit mask: every status is data for the parser
    expect(spec.okExitCodes).toBe('any');
    expect(spec.timeoutMs).toBeGreaterThan(0);
  });

  it('refuses what could be read as an option or is not a -d type', () => {
    expect(() => c.report('-a', null)).toThrow(ArgvError);
    expect(() => c.report('-a', null)).toThrow(/starts with "-"/);
    expect(() => c.report('sda', null)).toThrow(/not an absolute path/);
    expect(() => c.report('/tmp/x', null)).toThrow(/under \/dev\//);
    expect(() => c.report('/dev/../etc/passwd', null)).toThrow(/not a normalised path/);
    expect(() => c.selfTestStart('/dev/sda', null, '--captive' as 'short')).toThrow(/self-test type/);
    expect(() => c.report('/dev/sda', '--foo')).toThrow(/device type/);
    expect(() => c.report('/dev/sda', 'sat; rm -rf /')).toThrow(/device type/);
    expect(() => c.ercSet('/dev/sda', null, -1, 70)).toThrow(/deciseconds/);
    expect(() => c.ercSet('/dev/sda', null, 7.5, 70)).toThrow(/deciseconds/);
  });

  it('defaults to smartctl on PATH', () => {
    expect(smartctlCommands().report('/dev/sda', null).file).toBe('smartctl');
  });
});

describe('smartd service commands', () => {
  it('reads the unit state without failing on non-zero exits, and reloads strictly', () => {
    expect(smartdCmd.isActive('smartd')).toMatchObject({ file: 'systemctl', args: ['is-active', '--', 'smartd'], okExitCodes: 'any' });
    expect(smartdCmd.isEnabled('smartmontools').args).toEqual(['is-enabled', '--', 'smartmontools']);
    expect(smartdCmd.reload('smartd')).toMatchObject({ file: 'systemctl', args: ['reload', '--', 'smartd'] });
    expect(smartdCmd.reload('smartd').okExitCodes).toBeUndefined();
    expect(smartdCmd.hangUp(4242).args).toEqual(['-HUP', '--', '4242']);
    expect(() => smartdCmd.reload('--all')).toThrow(ArgvError);
    expect(() => smartdCmd.hangUp(-1)).toThrow(ArgvError);
  });
});
