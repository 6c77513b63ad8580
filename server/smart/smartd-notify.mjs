#!/usr/bin/env node
/**
 * smartd's notify command (`-M exec`, through the wrapper poolwatch writes beside its data):
 * appends one JSON line describing smartd's warning to the events file named as the only
 * argument, where poolwatch's smartd page reads it. smartd passes everything in SMARTD_*
 * variables (smartd.conf(5)); it treats any output as an error in the script, so this prints
 * nothing unless it fails.
 *
 *   smartd-notify.mjs /var/lib/poolwatch/smartd-events.jsonl
 */
import { appendFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('smartd-notify: usage: smartd-notify.mjs <events.jsonl>\n');
  process.exit(2);
}
const env = process.env;
const event = {
  at: new Date().toISOString(),
  device: env.SMARTD_DEVICE ?? null,
  deviceType: env.SMARTD_DEVICETYPE ?? null,
  failType: env.SMARTD_FAILTYPE ?? null,
  message: env.SMARTD_MESSAGE ?? null,
  deviceString: env.SMARTD_DEVICESTRING ?? null,
  deviceInfo: env.SMARTD_DEVICEINFO ?? null,
  firstSentAt: env.SMARTD_TFIRST ?? null,
};
try {
  // One write of one line: appends of this size do not interleave between processes.
  appendFileSync(file, `${JSON.stringify(event)}\n`, { mode: 0o640 });
} catch (err) {
  process.stderr.write(`smartd-notify: cannot append to ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
