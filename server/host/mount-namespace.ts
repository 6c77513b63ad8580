/**
 * Where commands run, mount-wise. systemd's hardening (PrivateTmp=, ProtectHome=, ProtectSystem=)
 * gives the service a mount namespace of its own whose mounts do NOT propagate back to the host:
 * a pool that poolwatch mounted there would be busy yet invisible to the admin's shell, Samba and
 * every other service. So when poolwatch's namespace is not the host's, every command runs through
 * `nsenter --mount=<host ns> --`: mounts it makes are the host's, and paths it is given (a pool
 * mounted under /home, hidden by ProtectHome) resolve as the admin sees them. The Node process
 * itself keeps the hardened view. See docs/decisions/017-service-hardening.md.
 */
import { readlink } from 'node:fs/promises';

/** PID 1's mount namespace: the host's (or a container's own, which is then the same as ours). */
export const HOST_MOUNT_NAMESPACE = '/proc/1/ns/mnt';

/**
 * The argv prefix that puts a command into the host's mount namespace, or [] when poolwatch already
 * runs in it — or cannot tell (PID 1's namespace unreadable, e.g. in a sandbox): then it runs as is.
 */
export async function hostNamespacePrefix(hostNamespace = HOST_MOUNT_NAMESPACE, read: (path: string) => Promise<string> = readlink): Promise<readonly string[]> {
  let own: string;
  let host: string;
  try {
    [own, host] = await Promise.all([read('/proc/self/ns/mnt'), read(hostNamespace)]);
  } catch {
    return [];
  }
  return own === host ? [] : ['nsenter', `--mount=${hostNamespace}`, '--'];
}
