import { describe, expect, it } from 'vitest';
import type { MaintenanceStep } from '../../../contracts/health.ts';
import { actionLabel, actionStep, humanizeCode, stepAnchor } from './maintenance-view.ts';

const step = (id: string, kind: MaintenanceStep['kind'], title: string): MaintenanceStep => ({ id, kind, status: 'now', blockedReason: null, title, text: '', why: '', optional: false, command: null, commandText: null });
const steps = [step('remount', 'remount-degraded-rw', 'Remount'), step('replace-2', 'replace-missing', 'Replace missing devid 2'), step('add', 'add-device', 'Add a disk')];

describe('maintenance view helpers', () => {
  it('finds the step that carries out a route', () => {
    expect(actionStep({ steps }, 'replace-missing')?.id).toBe('replace-2');
    expect(actionStep({ steps }, 'add-then-remove-missing')?.id).toBe('add');
    expect(actionStep({ steps }, 'remove-missing')).toBeNull();
  });

  it("labels a route with the server's label, else its step's title, else its code in words", () => {
    expect(actionLabel({ steps, actionLabels: { 'replace-missing': 'Replace the missing member' } }, 'replace-missing')).toBe('Replace the missing member');
    expect(actionLabel({ steps, actionLabels: {} }, 'replace-missing')).toBe('Replace missing devid 2');
    expect(actionLabel({ steps, actionLabels: {} }, 'remove-missing')).toBe('Remove missing');
    expect(humanizeCode('add-then-remove-missing')).toBe('Add then remove missing');
  });

  it('makes safe anchors from step ids', () => {
    expect(stepAnchor({ id: 'replace:2' })).toBe('step-replace-2');
  });
});
