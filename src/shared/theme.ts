/**
 * Light and dark. The choice (`auto` follows the system's prefers-color-scheme) is stored in
 * localStorage and applied as `data-theme="light|dark"` on <html>, which the CSS variables in
 * styles.css key on. Inside Cockpit the choice is Cockpit's own (`shell:style`, set by its
 * Session menu), followed live through the storage event; the page then offers no toggle.
 */
import { useEffect, useState } from 'react';
import type { ThemeChoice } from '../text/app.ts';

export type { ThemeChoice };
const CHOICES: readonly ThemeChoice[] = ['auto', 'light', 'dark'];
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** poolwatch's own key, or Cockpit's when the page runs inside Cockpit. */
let storageKey = 'poolwatch:theme';

export function followCockpitTheme(): void {
  storageKey = 'shell:style';
}

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(storageKey);
    return CHOICES.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'auto';
  } catch {
    return 'auto';
  }
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'auto' ? (systemDark ? 'dark' : 'light') : choice;
}

function apply(choice: ThemeChoice): void {
  const theme = resolveTheme(choice, window.matchMedia?.(DARK_QUERY).matches ?? false);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Call once before the first render: no flash of the wrong theme. */
export function initTheme(): void {
  apply(stored());
}

/** The stored choice and a setter; keeps <html> in step with the system and with other tabs. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(stored);
  useEffect(() => {
    apply(choice);
    const media = window.matchMedia?.(DARK_QUERY);
    const onSystem = () => apply(choice);
    const onStorage = (e: StorageEvent) => {
      if (e.key === storageKey) setChoice(stored());
    };
    media?.addEventListener('change', onSystem);
    window.addEventListener('storage', onStorage);
    return () => {
      media?.removeEventListener('change', onSystem);
      window.removeEventListener('storage', onStorage);
    };
  }, [choice]);
  const set = (next: ThemeChoice) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
    setChoice(next);
  };
  return [choice, set];
}
