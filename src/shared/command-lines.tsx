/** Commands as argv arrays, shown one per line as shell text, with one Copy button for all of them. */
import { useEffect, useRef, useState } from 'react';
import { argvText } from './argv-text.ts';
import { copyText, selectContents } from './clipboard.ts';

/** Long enough to read "Copied", short enough that a second copy shows its own confirmation. */
const COPIED_NOTICE_MS = 2500;

export function CommandLines({ commands, label, testId }: { commands: readonly (readonly string[])[]; label: string; testId?: string }) {
  const codeRef = useRef<HTMLElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const text = commands.map(argvText).join('\n');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), COPIED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state]);

  if (commands.length === 0) return <p className="muted small">No command.</p>;
  const onCopy = async () => {
    if ((await copyText(text)) === 'copied') {
      setState('copied');
    } else {
      if (codeRef.current) selectContents(codeRef.current);
      setState('manual');
    }
  };
  return (
    <div className="command">
      <pre>
        <code ref={codeRef} data-testid={testId}>
          {text}
        </code>
      </pre>
      <div className="command-actions">
        <button type="button" className="button button-small" onClick={onCopy} aria-label={`Copy ${label}`}>
          {state === 'copied' ? 'Copied ✓' : 'Copy'}
        </button>
        <span role="status" className="command-status">
          {state === 'copied' ? 'Copied to the clipboard.' : state === 'manual' ? 'Copying is blocked here: the text is selected, press Ctrl+C.' : ''}
        </span>
      </div>
    </div>
  );
}
