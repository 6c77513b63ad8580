/** How a physical disk is shown wherever it appears: serial and model first, by-id and key on request. */
import type { DiskIdentity as Identity } from '../../contracts/api.ts';
import { DISK_IDENTITY_TEXT as T } from '../text/disks.ts';

const BY_ID_PREFIX = /^\/dev\/disk\/by-id\//;

export function DiskIdentity({ disk }: { disk: Identity | null }) {
  if (!disk) return <span className="muted">{T.unknown}</span>;
  const byId = disk.byId[0];
  return (
    <div className="identity">
      <div>
        {disk.serial ? (
          <>
            <span className="identity-label">{T.serial}</span> <span className="mono">{disk.serial}</span>
          </>
        ) : (
          <>
            <span className="identity-label">{T.key}</span> <span className="mono">{disk.key}</span>
          </>
        )}
        {disk.model && <span className="identity-model"> · {disk.model}</span>}
      </div>
      {byId && (
        <div className="identity-byid mono" title={disk.byId.join('\n')}>
          {byId.replace(BY_ID_PREFIX, T.byIdPrefix)}
          {disk.byId.length > 1 && <span className="muted">{T.more(disk.byId.length - 1)}</span>}
        </div>
      )}
    </div>
  );
}
