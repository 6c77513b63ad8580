import { describe, expect, it } from 'vitest';
import type { ChannelView } from '../../../contracts/notify.ts';
import { ChannelInput } from '../../../contracts/notify.ts';
import { emptyFields, fieldsOf, inputOf } from './channel-form.ts';

describe('channel form', () => {
  it('e-mail fields make a valid input; recipients split on commas and spaces; a blank password keeps the stored one', () => {
    const input = inputOf({ ...emptyFields('email'), name: ' Mail ', host: 'mail.example.org', port: '465', security: 'tls', username: 'pw', from: 'pw@example.org', to: 'a@example.org, b@example.org  c@example.org' });
    expect(ChannelInput.parse(input)).toEqual({
      name: 'Mail', enabled: true, minSeverity: 'warning', jobSucceeded: false, type: 'email',
      config: { host: 'mail.example.org', port: 465, security: 'tls', tlsVerify: true, username: 'pw', from: 'pw@example.org', to: ['a@example.org', 'b@example.org', 'c@example.org'] },
    });
    expect(input.config).toHaveProperty('password', undefined);
  });

  it('a typed secret is sent; "remove" sends "" to clear it', () => {
    expect(inputOf({ ...emptyFields('webhook'), name: 'h', url: 'https://x.example/h', secret: 'sixteen-chars-long!' }).config).toEqual({ url: 'https://x.example/h', secret: 'sixteen-chars-long!' });
    expect(inputOf({ ...emptyFields('ntfy'), name: 'n', url: 'https://ntfy.sh/t', secret: 'ignored', removeSecret: true }).config).toEqual({ url: 'https://ntfy.sh/t', token: '' });
  });

  it('editing a channel starts from its fields, never its secret', () => {
    const view: ChannelView = {
      id: 'ch-1', name: 'Mail', type: 'email', source: 'ui', enabled: false, minSeverity: 'critical', jobSucceeded: true, secretsSet: ['password'],
      config: { host: 'h', port: 25, security: 'none', tlsVerify: false, username: null, password: '••••abcd', from: 'a@b', to: ['x@y', 'z@w'] },
      createdAt: '', updatedAt: '', lastDelivery: null,
    };
    expect(fieldsOf(view)).toMatchObject({ name: 'Mail', enabled: false, minSeverity: 'critical', jobSucceeded: true, port: '25', security: 'none', tlsVerify: false, to: 'x@y, z@w', secret: '' });
  });
});
