/** The form fields of the actions that ask for something: which member, which disk, which size or mode. */
import { PROFILES, type Disk, type Profile } from '../../../contracts/api.ts';
import type { ActionName } from '../../../contracts/actions.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { formatBytes } from '../../shared/format.ts';
import { type ActionForm, diskChoices, isParityPool, memberSizeBytes, memberState } from './form.ts';

type Patch = (patch: Partial<ActionForm>) => void;

export function ActionFields({ action, form, set, pool, disks }: { action: ActionName; form: ActionForm; set: Patch; pool: PoolView; disks: readonly Disk[] }) {
  switch (action) {
    case 'replace':
      return <ReplaceFields form={form} set={set} pool={pool} disks={disks} />;
    case 'resize':
      return <ResizeFields form={form} set={set} pool={pool} />;
    case 'remove-device':
      return <MemberSelect label="Member to remove" form={form} set={set} pool={pool} presentOnly />;
    case 'add-devices':
      return <AddFields form={form} set={set} disks={disks} />;
    case 'balance-start':
      return <BalanceFields form={form} set={set} />;
    default:
      return null;
  }
}

function memberLabel(pool: PoolView, devid: number): string {
  const dev = pool.devices.find((d) => d.devid === devid);
  if (!dev || dev.missing) {
    const size = memberSizeBytes(pool, devid);
    return `devid ${devid} — missing${size ? ` (was ${formatBytes(size)})` : ''}`;
  }
  return `devid ${devid} — ${dev.path ?? '?'} (${formatBytes(dev.sizeBytes)})`;
}

function MemberSelect({ label, form, set, pool, presentOnly = false }: { label: string; form: ActionForm; set: Patch; pool: PoolView; presentOnly?: boolean }) {
  const ids = new Set<number>([...pool.missingDevids, ...pool.devices.map((d) => d.devid)]);
  const devids = [...ids]
    .filter((id) => id > 0 && (!presentOnly || memberState(pool, id) === 'present'))
    // Missing members first: they are what a replace is usually for.
    .sort((a, b) => Number(memberState(pool, b) === 'missing') - Number(memberState(pool, a) === 'missing') || a - b);
  return (
    <div className="field">
      <label htmlFor="action-devid">{label}</label>
      <select id="action-devid" value={form.devid ?? ''} onChange={(e) => set({ devid: e.target.value === '' ? null : Number(e.target.value) })}>
        <option value="">Choose a member…</option>
        {devids.map((id) => (
          <option key={id} value={id}>
            {memberLabel(pool, id)}
          </option>
        ))}
      </select>
    </div>
  );
}

function ReplaceFields({ form, set, pool, disks }: { form: ActionForm; set: Patch; pool: PoolView; disks: readonly Disk[] }) {
  const state = memberState(pool, form.devid);
  const oldBytes = memberSizeBytes(pool, form.devid);
  const choices = diskChoices(disks, oldBytes);
  const chosen = choices.find((c) => c.key === form.targetDisk) ?? null;
  return (
    <>
      <MemberSelect label="Member to replace" form={form} set={(p) => set({ ...p, readFromOtherMirrors: memberState(pool, p.devid ?? null) === 'present' })} pool={pool} />
      <div className="field">
        <label htmlFor="action-target">Replacement disk</label>
        <select id="action-target" value={form.targetDisk} onChange={(e) => set({ targetDisk: e.target.value, wipe: false })}>
          <option value="">Choose an unused disk…</option>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        {choices.length === 0 && <p className="error-text">No unused disk is attached: attach one (no filesystem, not mounted) and it shows up here.</p>}
        {oldBytes !== null && <p className="field-hint">It must be at least as large as the member: {formatBytes(oldBytes)}.</p>}
        {chosen?.tooSmall && (
          <p className="field-hint field-warning">
            {chosen.path} is smaller than devid {form.devid}. The preview will offer to shrink the member first{state === 'missing' ? ' — impossible for a missing member: pick a larger disk' : ''}.
          </p>
        )}
      </div>
      {state === 'present' && (
        <label className="check">
          <input type="checkbox" checked={form.readFromOtherMirrors} onChange={(e) => set({ readFromOtherMirrors: e.target.checked })} data-testid="replace-r" />
          <span>
            <strong>Read from the old disk only where no other good copy exists</strong> (<code>-r</code>, recommended). A failing disk is slow and may
            return errors, so the copies on the other members are read instead; it is read only for data that has no other copy.
          </span>
        </label>
      )}
      {state === 'missing' && <p className="field-hint">The old member is missing: its data is rebuilt from the copies on the other members.</p>}
      {chosen?.signature && (
        <label className="check check-danger">
          <input type="checkbox" checked={form.wipe} onChange={(e) => set({ wipe: e.target.checked })} data-testid="replace-wipe" />
          <span>
            Erase the <strong>{chosen.signature}</strong> signature on {chosen.path} first (<code>wipefs -a</code>). Everything on that disk is lost.
          </span>
        </label>
      )}
      {isParityPool(pool) && <ParityWarning form={form} set={set} />}
    </>
  );
}

function ParityWarning({ form, set }: { form: ActionForm; set: Patch }) {
  return (
    <div className="notice notice-warning" data-testid="parity-warning">
      <p>
        <strong>This pool uses a parity profile (raid5/raid6).</strong> A replace there can take extremely long and, repeated, can destroy data. Recommended
        instead: add the new disk, then remove the old member.
      </p>
      <label className="check">
        <input type="checkbox" checked={form.force} onChange={(e) => set({ force: e.target.checked })} />
        <span>I understand; replace anyway.</span>
      </label>
    </div>
  );
}

function ResizeFields({ form, set, pool }: { form: ActionForm; set: Patch; pool: PoolView }) {
  return (
    <>
      <MemberSelect label="Member to resize" form={form} set={set} pool={pool} presentOnly />
      <fieldset className="field-set">
        <legend>New size</legend>
        <label className="check">
          <input type="radio" name="resize-mode" checked={form.sizeMode === 'max'} onChange={() => set({ sizeMode: 'max' })} />
          <span>The whole disk (<code>max</code>): after a replace by a larger disk</span>
        </label>
        <label className="check">
          <input type="radio" name="resize-mode" checked={form.sizeMode === 'size'} onChange={() => set({ sizeMode: 'size' })} />
          <span>A size: shrink the member before replacing it by a smaller disk</span>
        </label>
        {form.sizeMode === 'size' && (
          <div className="field">
            <label htmlFor="action-size">Size (bytes, or with a unit: 500M, 2G)</label>
            <input id="action-size" value={form.sizeText} onChange={(e) => set({ sizeText: e.target.value })} inputMode="text" autoComplete="off" />
          </div>
        )}
      </fieldset>
    </>
  );
}

function AddFields({ form, set, disks }: { form: ActionForm; set: Patch; disks: readonly Disk[] }) {
  const choices = diskChoices(disks, null);
  const signatures = choices.filter((c) => c.signature && form.disks.includes(c.key));
  const toggle = (key: string, on: boolean) => set({ disks: on ? [...form.disks, key] : form.disks.filter((k) => k !== key) });
  return (
    <>
      <fieldset className="field-set">
        <legend>Disks to add</legend>
        {choices.length === 0 && <p className="error-text">No unused disk is attached.</p>}
        {choices.map((c) => (
          <label key={c.key} className="check">
            <input type="checkbox" checked={form.disks.includes(c.key)} onChange={(e) => toggle(c.key, e.target.checked)} />
            <span>{c.label}</span>
          </label>
        ))}
      </fieldset>
      {signatures.length > 0 && (
        <label className="check check-danger">
          <input type="checkbox" checked={form.wipe} onChange={(e) => set({ wipe: e.target.checked })} />
          <span>
            Erase the signatures on {signatures.map((c) => `${c.path} (${c.signature})`).join(', ')} first (<code>wipefs -a</code>). Everything on those disks is
            lost.
          </span>
        </label>
      )}
    </>
  );
}

function ProfileSelect({ id, label, value, onChange }: { id: string; label: string; value: Profile | ''; onChange: (p: Profile | '') => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Profile | '')}>
        <option value="">the pool's own (most redundant) profile</option>
        {PROFILES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </div>
  );
}

function BalanceFields({ form, set }: { form: ActionForm; set: Patch }) {
  return (
    <>
      <fieldset className="field-set">
        <legend>Kind of balance</legend>
        <label className="check">
          <input type="radio" name="balance-mode" checked={form.mode === 'convert-soft'} onChange={() => set({ mode: 'convert-soft' })} />
          <span>
            <strong>Convert, soft</strong>: move only chunks not yet in the profile. Re-establishes redundancy after mixed profiles.
          </span>
        </label>
        <label className="check">
          <input type="radio" name="balance-mode" checked={form.mode === 'full'} onChange={() => set({ mode: 'full' })} />
          <span>
            <strong>Full</strong>: rewrite every chunk, e.g. to spread data over newly added disks. Takes long on a full pool.
          </span>
        </label>
      </fieldset>
      {form.mode === 'convert-soft' && (
        <div className="field-row">
          <ProfileSelect id="balance-data" label="Data profile" value={form.dataProfile} onChange={(p) => set({ dataProfile: p })} />
          <ProfileSelect id="balance-metadata" label="Metadata profile" value={form.metadataProfile} onChange={(p) => set({ metadataProfile: p })} />
        </div>
      )}
    </>
  );
}
