/**
 * The pages' views, rendered once per change (issue 13, docs/decisions/021): `GET /api/pools`,
 * `/api/pools/:uuid` and `/api/disks` send JSON rendered when the watcher published a snapshot or
 * the admin imported a pool — never per request — with a strong ETag, so an unchanged view costs
 * a 304 and no rendering. Requests never read the machine: before the first scan they wait for it.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { PoolView } from '../../contracts/views.ts';
import type { Clock } from '../clock.ts';
import type { Snapshot, SnapshotSource } from '../inventory/inventory-service.ts';
import { poolViews, type PoolSignals } from '../services/pool-views.ts';
import type { ManagedPoolStore } from '../store/managed-store.ts';

/**
 * One rendered body: the JSON text, its bytes after the opening brace (what each answer sends
 * after its freshness, with no per-request copy of the body: issue 13 measured 22 KB copied per
 * request as the allocation that drove the garbage collector's pauses and RSS growth under load),
 * and its ETag.
 */
export interface Rendered {
  json: string;
  tail: Buffer;
  etag: string;
}

export interface Views {
  snapshot: Snapshot;
  /** Pool views as objects (for the routes that look one up). */
  pools: PoolView[];
  list: Rendered;
  byUuid: Map<string, Rendered>;
  disks: Rendered;
}

/** Why the data may be old, spliced into each answer (it changes without a new snapshot). */
export interface Freshness {
  ageSeconds: number | null;
  stale: { since: string; reason: string } | null;
}

export interface ViewCacheDeps {
  /** The watcher: the snapshot it holds, and its changes. */
  source: SnapshotSource & { peek(): Snapshot | null };
  managed: ManagedPoolStore;
  clock: Clock;
  mountRoot: string;
  freshness: () => Freshness;
  /** Tests only (fullScanSeconds 0): every read asks the source, which then scans. */
  scanOnRead: boolean;
  /** SMART verdicts and job history, which change a pool's verdict (absent: the snapshot alone). */
  signals?: PoolSignals;
  /** Changes whenever what `signals` answers changes (a SMART read, a job's change): the views are rendered again. */
  signalsVersion?: () => string;
  /** Reads SMART that is due before a view; the first read of a disk is waited for briefly. */
  warmUp?: () => Promise<void>;
}

export class ViewCache {
  private views: Views | null = null;
  /** Bumped when the admin imports or stops managing a pool (the views say which are managed). */
  private managedVersion = 0;
  private renderedFor: { snapshot: Snapshot; managedVersion: number; signals: string } | null = null;
  /** Renders so far (the benchmark checks requests do not render). */
  renders = 0;

  constructor(private readonly d: ViewCacheDeps) {}

  /** The admin imported or stopped managing a pool. */
  managedChanged(): void {
    this.managedVersion++;
  }

  /** Renders now if the snapshot is new (the watcher calls this on every change, so requests find it done). */
  refresh(): Views | null {
    const snap = this.d.source.peek();
    if (!snap) return null;
    const signals = this.d.signalsVersion?.() ?? '';
    const r = this.renderedFor;
    if (this.views && r?.snapshot === snap && r.managedVersion === this.managedVersion && r.signals === signals) return this.views;
    this.renders++;
    const pools = poolViews(snap, this.d.managed.uuids(), this.d.clock.now(), this.d.mountRoot, this.d.signals);
    const byUuid = new Map<string, Rendered>();
    for (const p of pools) byUuid.set(p.uuid, rendered(JSON.stringify({ pool: p, scannedAt: snap.scannedAt })));
    this.views = {
      snapshot: snap,
      pools,
      list: rendered(JSON.stringify({ pools, scannedAt: snap.scannedAt })),
      byUuid,
      disks: rendered(JSON.stringify({ disks: snap.disks, scannedAt: snap.scannedAt })),
    };
    this.renderedFor = { snapshot: snap, managedVersion: this.managedVersion, signals };
    return this.views;
  }

  /** The views, waiting for the first scan when there is none yet (its error, when it failed). */
  async get(): Promise<Views> {
    await this.d.warmUp?.().catch(() => undefined);
    const ready = this.d.scanOnRead ? null : this.refresh();
    if (ready) return ready;
    await this.d.source.snapshot();
    return this.refresh()!;
  }

  /** Sends a rendered body with its freshness, or 304 when the client has it already. */
  send(req: Request, res: Response, body: Rendered, opts: { conditional?: boolean } = {}): void {
    const f = this.d.freshness();
    // The ETag covers the body and why it may be old (not its age, which grows every second).
    const etag = f.stale ? `"${body.etag}.${tag(f.stale.reason + f.stale.since)}"` : `"${body.etag}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (opts.conditional !== false && req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    const head = Buffer.from(`{"ageSeconds":${f.ageSeconds === null ? 'null' : f.ageSeconds},"stale":${JSON.stringify(f.stale)},`);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', head.length + body.tail.length);
    // Node leaves the body out of a HEAD answer itself.
    res.write(head);
    res.end(body.tail);
  }
}

function rendered(json: string): Rendered {
  return { json, tail: Buffer.from(json.slice(1)), etag: tag(json) };
}

function tag(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 20);
}
