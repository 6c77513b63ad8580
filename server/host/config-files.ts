/**
 * Reading and replacing configuration files poolwatch manages (smartd.conf) and the small
 * files around them. Writes are atomic (temp file + rename in the same folder) so smartd never
 * reads half a file, and keep the old file's permissions.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, open, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface ConfigFiles {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** At most the last `maxBytes` of the file (whole lines only), or null when it does not exist. */
  readTail(path: string, maxBytes: number): Promise<string | null>;
  /** Replaces the file atomically; a new file gets `mode`, an existing one keeps its own. */
  writeAtomic(path: string, text: string, mode?: number): Promise<void>;
  /** Copies `from` to `to`, failing if `to` exists (a backup must never overwrite a backup). */
  copyNew(from: string, to: string): Promise<void>;
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class RealConfigFiles implements ConfigFiles {
  async read(path: string): Promise<string | null> {
    return this.readTail(path, Number.POSITIVE_INFINITY);
  }

  async readTail(path: string, maxBytes: number): Promise<string | null> {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      const start = Number.isFinite(maxBytes) ? Math.max(0, size - maxBytes) : 0;
      const buf = Buffer.alloc(size - start);
      await handle.read(buf, 0, buf.length, start);
      const text = buf.toString('utf8');
      // Starting mid-file: drop the partial first line.
      return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
    } finally {
      await handle.close();
    }
  }

  async writeAtomic(path: string, text: string, mode = 0o644): Promise<void> {
    let keepMode = mode;
    try {
      keepMode = (await stat(path)).mode & 0o7777;
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    // Date.now() only makes the temporary name unique; it is no time anyone reads.
    const tmp = join(dirname(path), `.${basename(path)}.poolwatch-${process.pid}-${Date.now()}.tmp`);
    await writeFile(tmp, text, { mode: keepMode, flag: 'wx' });
    await chmod(tmp, keepMode);
    await rename(tmp, path);
  }

  async copyNew(from: string, to: string): Promise<void> {
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}
