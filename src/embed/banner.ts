/**
 * `<poolwatch-banner>`: poolwatch's pool alert for another NAS UI's header. Load it as a module
 * from the poolwatch server (`<script type="module" src="http://nas:8080/embed/banner.js">`) on a
 * page whose origin is listed in POOLWATCH_EMBED_ORIGINS; it reads GET /api/embed/status there
 * (no login, read-only, CORS for those origins only) and shows nothing while every pool is
 * healthy, a red banner naming the degraded, failed or at-risk pools otherwise, linking to
 * poolwatch. It follows changes by polling (every 5 s; `interval` attribute in seconds). Shadow
 * DOM and a constructed style sheet: the host page's CSS does not leak in or out, and no inline
 * style is needed under the host page's CSP.
 */
import type { EmbedStatus } from '../../contracts/embed.ts';
import { EMBED_TEXT } from '../text/embed.ts';

const DEFAULT_INTERVAL_S = 5;
const SERVER = new URL('..', import.meta.url);

const STYLE = `
:host { display: block; font: 600 14px/1.4 system-ui, sans-serif; }
:host([hidden]) { display: none; }
a.banner { display: flex; gap: .5em; align-items: center; padding: .5em .9em; border-radius: 6px; color: #fff; background: #b91c1c; text-decoration: none; }
a.banner.failed { background: #7f1d1d; }
a.banner.warning { background: #7a4a00; }
a.banner:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.icon { display: inline-grid; place-items: center; width: 1.3em; height: 1.3em; border-radius: 50%; background: #fff; color: #b91c1c; }
.pools { font-weight: 400; }
.problem { color: #a40e26; }
`;

/** The answer's shape, checked without zod (the element stays a few kilobytes). */
function asStatus(body: unknown): EmbedStatus {
  const b = body as Partial<EmbedStatus> | null;
  if (!b || typeof b.state !== 'string' || !Array.isArray(b.pools)) throw new Error('unexpected answer');
  return b as EmbedStatus;
}

class PoolwatchBanner extends HTMLElement {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly root = this.attachShadow({ mode: 'open' });

  connectedCallback(): void {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.root.adoptedStyleSheets = [sheet];
    this.hidden = true;
    void this.refresh();
  }

  disconnectedCallback(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    try {
      const res = await fetch(new URL('api/embed/status', SERVER), { credentials: 'omit', cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.render(asStatus(await res.json()));
    } catch (err) {
      this.renderProblem(err instanceof Error ? err.message : String(err));
    }
    const seconds = Number(this.getAttribute('interval')) || DEFAULT_INTERVAL_S;
    if (this.isConnected) this.timer = setTimeout(() => void this.refresh(), Math.max(1, seconds) * 1000);
  }

  private render(status: EmbedStatus): void {
    this.setAttribute('data-state', status.state);
    if (status.state === 'healthy') {
      this.hidden = true;
      this.root.replaceChildren();
      return;
    }
    const link = document.createElement('a');
    link.className = `banner ${status.state}`;
    link.href = new URL(status.pools.length === 1 ? `pools/${status.pools[0]!.uuid}` : '', SERVER).href;
    link.target = '_top';
    link.title = EMBED_TEXT.open;
    const icon = document.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = '⚠';
    const head = document.createElement('span');
    head.textContent = EMBED_TEXT.headline(status.state);
    const pools = document.createElement('span');
    pools.className = 'pools';
    pools.textContent = EMBED_TEXT.pools(status.pools);
    link.append(icon, head, pools);
    link.setAttribute('role', 'alert');
    this.root.replaceChildren(link);
    this.hidden = false;
  }

  private renderProblem(message: string): void {
    this.setAttribute('data-state', 'unknown');
    const p = document.createElement('span');
    p.className = 'problem';
    p.textContent = EMBED_TEXT.unreachable(message);
    this.root.replaceChildren(p);
    this.hidden = false;
  }
}

if (!customElements.get('poolwatch-banner')) customElements.define('poolwatch-banner', PoolwatchBanner);
