import { describe, expect, it } from 'vitest';
import { loadNotifyConfig } from './notify-config.ts';

describe('notification channels from the environment', () => {
  it('SMTP URL with STARTTLS, login and recipients; webhook with its secret', () => {
    const c = loadNotifyConfig({
      POOLWATCH_SMTP_URL: 'smtp://mailer%40example.org:p%40ss@mail.example.org:587',
      POOLWATCH_NOTIFY_EMAIL_TO: 'a@example.org, b@example.org',
      POOLWATCH_WEBHOOK_URL: 'https://ha.example.org/api/webhook/pw',
      POOLWATCH_WEBHOOK_SECRET: 'sixteen-chars-or-more',
      POOLWATCH_INSTANCE_NAME: 'nas1',
    });
    expect(c.instance).toBe('nas1');
    expect(c.envChannels.map((e) => e.id)).toEqual(['env-email', 'env-webhook']);
    expect(c.envChannels[0]!.channel).toEqual({
      type: 'email',
      config: { host: 'mail.example.org', port: 587, security: 'starttls', tlsVerify: true, username: 'mailer@example.org', password: 'p@ss', from: 'mailer@example.org', to: ['a@example.org', 'b@example.org'] },
    });
    expect(c.envChannels[1]!.channel).toEqual({ type: 'webhook', config: { url: 'https://ha.example.org/api/webhook/pw', secret: 'sixteen-chars-or-more' } });
    expect(c.defaults.reminderHours).toBe(24);
  });

  it('smtps:// is TLS on 465; security and tls_verify in the query', () => {
    const tls = loadNotifyConfig({ POOLWATCH_SMTP_URL: 'smtps://mail.example.org', POOLWATCH_NOTIFY_EMAIL_TO: 'a@example.org', POOLWATCH_INSTANCE_NAME: 'nas' });
    expect(tls.envChannels[0]!.channel.config).toMatchObject({ port: 465, security: 'tls', username: null, from: 'poolwatch@nas' });
    const relay = loadNotifyConfig({ POOLWATCH_SMTP_URL: 'smtp://127.0.0.1:25?security=none&tls_verify=false', POOLWATCH_NOTIFY_EMAIL_TO: 'a@example.org' });
    expect(relay.envChannels[0]!.channel.config).toMatchObject({ port: 25, security: 'none', tlsVerify: false });
  });

  it('refuses half a configuration and bad values, naming the variable and never the password', () => {
    expect(() => loadNotifyConfig({ POOLWATCH_SMTP_URL: 'smtp://u:topsecret@h:587' })).toThrow(/POOLWATCH_NOTIFY_EMAIL_TO is not/);
    expect(() => loadNotifyConfig({ POOLWATCH_NOTIFY_EMAIL_TO: 'a@b' })).toThrow(/POOLWATCH_SMTP_URL is not/);
    expect(() => loadNotifyConfig({ POOLWATCH_SMTP_URL: 'http://u:topsecret@h', POOLWATCH_NOTIFY_EMAIL_TO: 'a@b' })).toThrow(/scheme must be smtp/);
    const bad = () => loadNotifyConfig({ POOLWATCH_SMTP_URL: 'smtp://u:topsecret@h:587', POOLWATCH_NOTIFY_EMAIL_TO: 'not-an-address' });
    expect(bad).toThrow(/to\.0: an e-mail address/);
    try {
      bad();
    } catch (err) {
      expect((err as Error).message).not.toContain('topsecret');
    }
    expect(() => loadNotifyConfig({ POOLWATCH_WEBHOOK_URL: 'https://x.example/h', POOLWATCH_WEBHOOK_SECRET: 'short' })).toThrow(/secret: at least 16 characters/);
    expect(() => loadNotifyConfig({ POOLWATCH_WEBHOOK_SECRET: 'sixteen-chars-or-more' })).toThrow(/POOLWATCH_WEBHOOK_URL is not/);
    expect(() => loadNotifyConfig({ POOLWATCH_NOTIFY_MIN_SEVERITY: 'loud' })).toThrow(/POOLWATCH_NOTIFY_MIN_SEVERITY/);
  });

  it('ntfy and Gotify', () => {
    const c = loadNotifyConfig({ POOLWATCH_NTFY_URL: 'https://ntfy.sh/my-nas', POOLWATCH_GOTIFY_URL: 'https://gotify.example.org', POOLWATCH_GOTIFY_TOKEN: 'AbC', POOLWATCH_NOTIFY_MIN_SEVERITY: 'critical' });
    expect(c.envChannels.map((e) => [e.id, e.minSeverity])).toEqual([['env-ntfy', 'critical'], ['env-gotify', 'critical']]);
    expect(() => loadNotifyConfig({ POOLWATCH_GOTIFY_URL: 'https://gotify.example.org' })).toThrow(/token: required/);
  });
});
