/**
 * Copying a command. navigator.clipboard needs a secure context (https or localhost); a NAS
 * reached over plain http on the LAN has none, so fall back to the old selection copy, and
 * report failure so the caller can select the text for a manual Ctrl+C.
 */
export type CopyResult = 'copied' | 'failed';

export async function copyText(text: string): Promise<CopyResult> {
  if (typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return 'copied';
    } catch {
      // Permission denied or no focus: try the fallback below.
    }
  }
  return legacyCopy(text);
}

function legacyCopy(text: string): CopyResult {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  area.select();
  let ok = false;
  try {
    // Deprecated but still the only clipboard access outside a secure context.
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  previous?.focus();
  return ok ? 'copied' : 'failed';
}

/** Selects an element's text so the reader can copy it by hand. */
export function selectContents(element: HTMLElement): void {
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}
