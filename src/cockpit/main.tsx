/**
 * The Cockpit page's start: read where the sockets are (config.json beside this page), ask
 * Cockpit who is logged in and whether administrative access is on, route every request through
 * Cockpit's channel to the matching socket, follow Cockpit's theme, render poolwatch's pages.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setTransport } from '../shared/api/transport.ts';
import { followCockpitTheme, initTheme } from '../shared/theme.ts';
import { COCKPIT_TEXT } from '../text/cockpit.ts';
import { cockpitApi } from './cockpit-api.ts';
import { CockpitApp } from './cockpit-app.tsx';
import { cockpitTransport } from './cockpit-transport.ts';
import { CockpitConfig, connect } from './connect.ts';
import '../styles.css';
import './cockpit.css';

followCockpitTheme();
initTheme();

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  const cockpit = cockpitApi();
  if (!cockpit) throw new Error('base1/cockpit.js did not load: open this page through Cockpit');
  const config = CockpitConfig.parse(await (await fetch('./config.json', { cache: 'no-store' })).json());
  const connection = await connect(cockpit, config);
  setTransport(cockpitTransport(cockpit, connection));
  createRoot(root).render(
    <StrictMode>
      <CockpitApp connection={connection} config={config} />
    </StrictMode>,
  );
}

start().catch((err: unknown) => {
  const root = document.getElementById('root');
  if (root) {
    const p = document.createElement('p');
    p.className = 'notice notice-error';
    p.textContent = `${COCKPIT_TEXT.failed.title}: ${err instanceof Error ? err.message : String(err)}`;
    root.replaceChildren(p);
  }
});
