/** `/disks/:key/smart`: one disk's SMART tab as a page (the key is the disk's identity key, URL-encoded). */
import { Link, useParams } from 'react-router-dom';
import { DiskIdentity } from '../../shared/disk-identity.tsx';
import { diskWho } from '../../shared/disk-name.ts';
import { useDisk } from '../../shared/known-disks.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { SMART_TEXT } from '../../text/smart.ts';
import { SmartPanel } from './smart-panel.tsx';

export function SmartDiskPage() {
  const { key } = useParams();
  const diskKey = key ?? '';
  const disk = useDisk(diskKey);
  return (
    <>
      <title>{COMMON_TEXT.pageTitle(SMART_TEXT.pageTitle)}</title>
      <nav className="breadcrumb" aria-label={COMMON_TEXT.breadcrumb}>
        <Link to="/disks">{SMART_TEXT.breadcrumbDisks}</Link> <span aria-hidden="true">{COMMON_TEXT.breadcrumbSeparator}</span> <span>{disk ? diskWho(disk.identity) : diskKey}</span>
      </nav>
      <h1>{SMART_TEXT.title}</h1>
      {disk && (
        <div className="smart-disk-identity" data-testid="smart-disk-identity">
          <DiskIdentity disk={disk.identity} sizeBytes={disk.sizeBytes} path={disk.path} />
        </div>
      )}
      {diskKey === '' ? <p className="error-text">{SMART_TEXT.noDisk}</p> : <SmartPanel diskKey={diskKey} />}
    </>
  );
}
