/** A step's command: shown in <code>, placeholders marked, with a Copy button. */
import { useEffect, useRef, useState } from 'react';
import { isCommandPlaceholder } from '../../../contracts/health.ts';
import { copyText, selectContents } from '../../shared/clipboard.ts';
import { commandParts } from './command-parts.ts';

/** Long enough to read "Copied", short enough that a second copy shows its own confirmation. */
const COPIED_NOTICE_MS = 2500;

type CopyState = 'idle' | 'copied' | 'manual';

export function CommandPreview({ text, argv, label }: { text: string; argv: readonly string[] | null; label: string }) {
  const codeRef = useRef<HTMLElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  const placeholders = (argv ?? []).filter(isCommandPlaceholder);

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), COPIED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const onCopy = async () => {
    const result = await copyText(text);
    if (result === 'copied') {
      setState('copied');
    } else {
      if (codeRef.current) selectContents(codeRef.current);
      setState('manual');
    }
  };

  return (
    <div className="command">
      <pre>
        <code ref={codeRef}>
          {commandParts(text).map((part, i) =>
            part.placeholder ? (
              <mark key={i} className="placeholder">
                {part.text}
              </mark>
            ) : (
              part.text
            ),
          )}
        </code>
      </pre>
      <div className="command-actions">
        <button type="button" className="button button-small" onClick={onCopy} aria-label={`Copy command: ${label}`}>
          {state === 'copied' ? 'Copied ✓' : 'Copy'}
        </button>
        <span role="status" className="command-status">
          {state === 'copied' ? 'Copied to the clipboard.' : state === 'manual' ? 'Copying is blocked here: the command is selected, press Ctrl+C.' : ''}
        </span>
      </div>
      {placeholders.length > 0 && (
        <p className="command-hint">
          Fill in {placeholders.map((p, i) => (
            <span key={p}>
              {i > 0 && ', '}
              <mark className="placeholder">{p}</mark>
            </span>
          ))}{' '}
          before running it.
        </p>
      )}
    </div>
  );
}
