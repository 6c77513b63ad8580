/** A step's command: shown in <code>, placeholders marked, with a Copy button. */
import { useEffect, useRef, useState } from 'react';
import { isCommandPlaceholder } from '../../../contracts/health.ts';
import { copyText, selectContents } from '../../shared/clipboard.ts';
import { COMMON_TEXT } from '../../text/common.ts';
import { MAINTENANCE_TEXT } from '../../text/pools.ts';
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
      <pre tabIndex={0}>
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
        <button type="button" className="button button-small" onClick={onCopy} aria-label={MAINTENANCE_TEXT.copyCommand(label)}>
          {state === 'copied' ? COMMON_TEXT.copy.copiedButton : COMMON_TEXT.copy.button}
        </button>
        <span role="status" className="command-status">
          {state === 'copied' ? COMMON_TEXT.copy.copied : state === 'manual' ? MAINTENANCE_TEXT.copyBlocked : ''}
        </span>
      </div>
      {placeholders.length > 0 && (
        <p className="command-hint">
          {MAINTENANCE_TEXT.fillIn}{' '}
          {placeholders.map((p, i) => (
            <span key={p}>
              {i > 0 && ', '}
              <mark className="placeholder">{p}</mark>
            </span>
          ))}{' '}
          {MAINTENANCE_TEXT.beforeRunning}
        </p>
      )}
    </div>
  );
}
