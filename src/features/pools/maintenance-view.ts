/** Small pure helpers for the "Maintenance required" panel; the words themselves come from the server. */
import type { Maintenance, MaintenanceStep, MaintenanceStepKind, RecommendedAction } from '../../../contracts/health.ts';

/** The step that carries out each repair route (add-then-remove starts by adding). */
const ACTION_STEP_KIND: Record<RecommendedAction, MaintenanceStepKind> = {
  'remove-missing': 'remove-missing',
  'replace-missing': 'replace-missing',
  'add-then-remove-missing': 'add-device',
};

export function actionStep(maintenance: Pick<Maintenance, 'steps'>, action: RecommendedAction): MaintenanceStep | null {
  // A blocked step of the same kind (a route that cannot run here) never carries out the recommended one.
  return maintenance.steps.find((s) => s.kind === ACTION_STEP_KIND[action] && s.status !== 'blocked') ?? null;
}

/** `replace-missing` → "Replace missing": used only when no step of the guidance names the route. */
export function humanizeCode(code: string): string {
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The title of the step that starts a route, else its code in words. */
export function actionLabel(maintenance: Pick<Maintenance, 'steps' | 'actionLabels'>, action: RecommendedAction): string {
  return maintenance.actionLabels[action] ?? actionStep(maintenance, action)?.title ?? humanizeCode(action);
}

/** DOM id of a step, for "Recommended: …" links. */
export function stepAnchor(step: Pick<MaintenanceStep, 'id'>): string {
  return `step-${step.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
