/** `/disks/:key/smart`: one disk's SMART tab as a page (the key is the disk's identity key, URL-encoded). */
import { Link, useParams } from 'react-router-dom';
import { SmartPanel } from './smart-panel.tsx';

export function SmartDiskPage() {
  const { key } = useParams();
  const diskKey = key ?? '';
  return (
    <>
      <title>SMART · poolwatch</title>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/disks">Disks</Link> › <span className="mono">{diskKey}</span>
      </nav>
      <h1>S.M.A.R.T.</h1>
      {diskKey === '' ? <p className="error-text">No disk named in the address.</p> : <SmartPanel diskKey={diskKey} />}
    </>
  );
}
