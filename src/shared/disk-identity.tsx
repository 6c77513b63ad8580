/**
 * How a physical disk is shown wherever it appears (ADR 024): who it is first — model and serial,
 * else its by-id name, else (a loop device) its backing file —, its size, its slot or port where
 * the host knows it ("slot unknown" where it does not), and the kernel path last and smaller:
 * "now at /dev/sdc", since kernel names change across reboots.
 */
import type { DiskIdentity as Identity } from '../../contracts/api.ts';
import { DISK_IDENTITY_TEXT as T } from '../text/disks.ts';
import { backingFileOf, slotText } from './disk-name.ts';
import { formatBytes } from './format.ts';

const BY_ID_PREFIX = /^\/dev\/disk\/by-id\//;

export function DiskIdentity({ disk, sizeBytes, path }: { disk: Identity | null; sizeBytes?: number | null; path?: string | null }) {
  if (!disk) return <span className="muted">{T.unknown}{path && <> · <span className="mono">{path}</span></>}</span>;
  const byId = disk.byId[0];
  const file = disk.serial ? null : backingFileOf(disk);
  const slot = slotText(disk.location);
  const known = Boolean(disk.location && (disk.location.slot || disk.location.port));
  return (
    <div className="identity" data-testid="disk-identity">
      <div className="identity-who">
        {disk.model && <strong className="identity-model">{disk.model}</strong>}
        {disk.model && ' '}
        {disk.serial ? (
          <>
            <span className="identity-label">{T.serial}</span> <span className="mono" data-testid="disk-serial">{disk.serial}</span>
          </>
        ) : file && !byId ? (
          <>
            <strong>{T.loopTitle}</strong> <span className="identity-label">{T.backingFile}</span> <span className="mono" data-testid="disk-backing-file">{file}</span>
          </>
        ) : !byId ? (
          <>
            <span className="identity-label">{T.key}</span> <span className="mono">{disk.key}</span>
          </>
        ) : null}
        {sizeBytes !== undefined && sizeBytes !== null && <span className="identity-size"> · {formatBytes(sizeBytes)}</span>}
      </div>
      {byId && (
        <div className="identity-byid mono" title={disk.byId.join('\n')}>
          {byId.replace(BY_ID_PREFIX, T.byIdPrefix)}
          {disk.byId.length > 1 && <span className="muted">{T.more(disk.byId.length - 1)}</span>}
        </div>
      )}
      {(slot || path) && (
        <div className="identity-where">
          {slot && (
            <span data-testid="disk-slot" title={known ? (disk.location?.byPath ?? undefined) : T.slotUnknownTitle}>
              {slot}
            </span>
          )}
          {slot && path && ' · '}
          {path && (
            <span title={T.nowAtTitle}>
              {T.nowAt} <span className="mono" data-testid="disk-path">{path}</span>
            </span>
          )}
        </div>
      )}
    </div>
  );
}
