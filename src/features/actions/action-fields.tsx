/** The form fields of the actions that ask for something: which member, which disk, which size or mode. */
import { PROFILES, type Disk, type Profile } from '../../../contracts/api.ts';
import type { ActionName } from '../../../contracts/actions.ts';
import type { PoolView } from '../../../contracts/views.ts';
import { formatBytes } from '../../shared/format.ts';
import { type ActionForm, diskChoices, ineligibleDisks, isParityPool, memberSizeBytes, memberState } from './form.ts';
import { ACTIONS_TEXT } from '../../text/actions.ts';

const F = ACTIONS_TEXT.fields;

type Patch = (patch: Partial<ActionForm>) => void;

export function ActionFields({ action, form, set, pool, disks }: { action: ActionName; form: ActionForm; set: Patch; pool: PoolView; disks: readonly Disk[] }) {
  switch (action) {
    case 'replace':
      return <ReplaceFields form={form} set={set} pool={pool} disks={disks} />;
    case 'resize':
      return <ResizeFields form={form} set={set} pool={pool} />;
    case 'remove-device':
      return <MemberSelect label={F.memberToRemove} form={form} set={set} pool={pool} presentOnly />;
    case 'add-devices':
      return <AddFields form={form} set={set} disks={disks} pool={pool} />;
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
    return F.memberMissing(devid, size ? formatBytes(size) : null);
  }
  return F.memberPresent(devid, dev.path, formatBytes(dev.sizeBytes));
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
        <option value="">{F.chooseMember}</option>
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
      <MemberSelect label={F.memberToReplace} form={form} set={(p) => set({ ...p, readFromOtherMirrors: memberState(pool, p.devid ?? null) === 'present' })} pool={pool} />
      <div className="field">
        <label htmlFor="action-target">{F.replacement}</label>
        <select id="action-target" value={form.targetDisk} onChange={(e) => set({ targetDisk: e.target.value, wipe: false })}>
          <option value="">{F.chooseUnused}</option>
          {choices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
        {choices.length === 0 && <p className="error-text">{F.noUnused}</p>}
        <NotOffered disks={disks} pool={pool} />
        {oldBytes !== null && <p className="field-hint">{F.atLeast(formatBytes(oldBytes))}</p>}
        {chosen?.tooSmall && <p className="field-hint field-warning">{F.tooSmall(chosen.path, form.devid, state === 'missing')}</p>}
      </div>
      {state === 'present' && (
        <label className="check">
          <input type="checkbox" checked={form.readFromOtherMirrors} onChange={(e) => set({ readFromOtherMirrors: e.target.checked })} data-testid="replace-r" />
          <span>
            <strong>{F.readOthersStrong}</strong> (<code>{F.readOthersFlag}</code>){F.readOthersText}
          </span>
        </label>
      )}
      {state === 'missing' && <p className="field-hint">{F.rebuiltFromOthers}</p>}
      {chosen?.signature && (
        <label className="check check-danger">
          <input type="checkbox" checked={form.wipe} onChange={(e) => set({ wipe: e.target.checked })} data-testid="replace-wipe" />
          <span>
            {F.wipeBefore} <strong>{chosen.signature}</strong> {F.wipeMiddle(chosen.path)}
            <code>{F.wipeCommand}</code>
            {F.wipeAfter}
          </span>
        </label>
      )}
      {isParityPool(pool) && <ParityWarning form={form} set={set} />}
    </>
  );
}

/** The attached disks the list leaves out, and why: nothing the admin looks for silently missing. */
function NotOffered({ disks, pool }: { disks: readonly Disk[]; pool: PoolView }) {
  const left = ineligibleDisks(disks, pool.uuid);
  if (left.length === 0) return null;
  return (
    <details className="field-hint not-offered" data-testid="ineligible-disks">
      <summary>{ACTIONS_TEXT.disk.notOffered(left.length)}</summary>
      <ul>
        {left.map((d) => (
          <li key={d.key} data-key={d.key}>
            {d.name}: <span data-testid="ineligible-reason">{d.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function ParityWarning({ form, set }: { form: ActionForm; set: Patch }) {
  return (
    <div className="notice notice-warning" data-testid="parity-warning">
      <p>
        <strong>{F.parityStrong}</strong> {F.parityText}
      </p>
      <label className="check">
        <input type="checkbox" checked={form.force} onChange={(e) => set({ force: e.target.checked })} />
        <span>{F.parityAnyway}</span>
      </label>
    </div>
  );
}

function ResizeFields({ form, set, pool }: { form: ActionForm; set: Patch; pool: PoolView }) {
  return (
    <>
      <MemberSelect label={F.memberToResize} form={form} set={set} pool={pool} presentOnly />
      <fieldset className="field-set">
        <legend>{F.newSize}</legend>
        <label className="check">
          <input type="radio" name="resize-mode" checked={form.sizeMode === 'max'} onChange={() => set({ sizeMode: 'max' })} />
          <span>
            {F.maxBefore}
            <code>{F.maxCode}</code>
            {F.maxAfter}
          </span>
        </label>
        <label className="check">
          <input type="radio" name="resize-mode" checked={form.sizeMode === 'size'} onChange={() => set({ sizeMode: 'size' })} />
          <span>{F.sizeChoice}</span>
        </label>
        {form.sizeMode === 'size' && (
          <div className="field">
            <label htmlFor="action-size">{F.sizeLabel}</label>
            <input id="action-size" value={form.sizeText} onChange={(e) => set({ sizeText: e.target.value })} inputMode="text" autoComplete="off" />
          </div>
        )}
      </fieldset>
    </>
  );
}

function AddFields({ form, set, disks, pool }: { form: ActionForm; set: Patch; disks: readonly Disk[]; pool: PoolView }) {
  const choices = diskChoices(disks, null);
  const signatures = choices.filter((c) => c.signature && form.disks.includes(c.key));
  const toggle = (key: string, on: boolean) => set({ disks: on ? [...form.disks, key] : form.disks.filter((k) => k !== key) });
  return (
    <>
      <fieldset className="field-set">
        <legend>{F.disksToAdd}</legend>
        {choices.length === 0 && <p className="error-text">{F.noUnusedShort}</p>}
        {choices.map((c) => (
          <label key={c.key} className="check">
            <input type="checkbox" checked={form.disks.includes(c.key)} onChange={(e) => toggle(c.key, e.target.checked)} />
            <span>{c.label}</span>
          </label>
        ))}
        <NotOffered disks={disks} pool={pool} />
      </fieldset>
      {signatures.length > 0 && (
        <label className="check check-danger">
          <input type="checkbox" checked={form.wipe} onChange={(e) => set({ wipe: e.target.checked })} />
          <span>
            {F.wipeMany(signatures.map((c) => `${c.path} (${c.signature})`).join(', '))}
            <code>{F.wipeCommand}</code>
            {F.wipeManyAfter}
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
        <option value="">{F.poolProfile}</option>
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
        <legend>{F.balanceKind}</legend>
        <label className="check">
          <input type="radio" name="balance-mode" checked={form.mode === 'convert-soft'} onChange={() => set({ mode: 'convert-soft' })} />
          <span>
            <strong>{F.convertStrong}</strong>
            {F.convertText}
          </span>
        </label>
        <label className="check">
          <input type="radio" name="balance-mode" checked={form.mode === 'full'} onChange={() => set({ mode: 'full' })} />
          <span>
            <strong>{F.fullStrong}</strong>
            {F.fullText}
          </span>
        </label>
      </fieldset>
      {form.mode === 'convert-soft' && (
        <div className="field-row">
          <ProfileSelect id="balance-data" label={F.dataProfile} value={form.dataProfile} onChange={(p) => set({ dataProfile: p })} />
          <ProfileSelect id="balance-metadata" label={F.metadataProfile} value={form.metadataProfile} onChange={(p) => set({ metadataProfile: p })} />
        </div>
      )}
    </>
  );
}
