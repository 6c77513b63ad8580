/**
 * The channel form's fields ⇄ the API's ChannelInput. Pure, so the form's rules are tested
 * without a browser: a blank secret keeps the stored one; "remove" sends "" which clears it.
 */
import type { ChannelInput, ChannelType, ChannelView, NotifySeverity } from '../../../contracts/notify.ts';

export interface ChannelFields {
  type: ChannelType;
  name: string;
  enabled: boolean;
  minSeverity: NotifySeverity;
  jobSucceeded: boolean;
  host: string;
  port: string;
  security: 'starttls' | 'tls' | 'none';
  tlsVerify: boolean;
  username: string;
  from: string;
  to: string;
  url: string;
  /** What the admin typed into the secret field ('' = unchanged). */
  secret: string;
  removeSecret: boolean;
}

export const DEFAULT_PORTS = { starttls: 587, tls: 465, none: 25 } as const;

export function emptyFields(type: ChannelType = 'email'): ChannelFields {
  return {
    type, name: '', enabled: true, minSeverity: 'warning', jobSucceeded: false, host: '', port: '587', security: 'starttls', tlsVerify: true,
    username: '', from: '', to: '', url: '', secret: '', removeSecret: false,
  };
}

export function fieldsOf(c: ChannelView): ChannelFields {
  const cfg = c.config as Record<string, unknown>;
  const str = (k: string) => (typeof cfg[k] === 'string' ? (cfg[k] as string) : '');
  return {
    ...emptyFields(c.type), name: c.name, enabled: c.enabled, minSeverity: c.minSeverity, jobSucceeded: c.jobSucceeded,
    host: str('host'), port: cfg.port !== undefined ? String(cfg.port) : '587', security: (str('security') || 'starttls') as ChannelFields['security'],
    tlsVerify: cfg.tlsVerify !== false, username: str('username'), from: str('from'), to: Array.isArray(cfg.to) ? (cfg.to as string[]).join(', ') : '', url: str('url'),
  };
}

/** The secret as sent: undefined keeps the stored one, '' clears it, else the new value. */
function secretOf(f: ChannelFields): string | undefined {
  if (f.removeSecret) return '';
  return f.secret === '' ? undefined : f.secret;
}

export function inputOf(f: ChannelFields): ChannelInput {
  const common = { name: f.name.trim(), enabled: f.enabled, minSeverity: f.minSeverity, jobSucceeded: f.jobSucceeded };
  const secret = secretOf(f);
  switch (f.type) {
    case 'email':
      return {
        ...common, type: 'email',
        config: {
          host: f.host.trim(), port: Number(f.port), security: f.security, tlsVerify: f.tlsVerify, username: f.username.trim() || null, password: secret,
          from: f.from.trim(), to: f.to.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean),
        },
      };
    case 'ntfy':
      return { ...common, type: 'ntfy', config: { url: f.url.trim(), token: secret } };
    case 'gotify':
      return { ...common, type: 'gotify', config: { url: f.url.trim(), token: secret } };
    case 'webhook':
      return { ...common, type: 'webhook', config: { url: f.url.trim(), secret } };
  }
}
