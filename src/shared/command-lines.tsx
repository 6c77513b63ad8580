/** Commands as argv arrays, shown one per line as shell text, with one Copy button for all of them. */
import { useEffect, useRef, useState } from 'react';
import { argvText } from './argv-text.ts';
import { copyText, selectContents } from './clipboard.ts';
import { COMMON_TEXT } from '../text/common.ts';

const T = COMMON_TEXT.copy;

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

  if (commands.length === 0) return <p className="muted small">{T.noCommand}</p>;
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
      <pre tabIndex={0}>
        <code ref={codeRef} data-testid={testId}>
          {text}
        </code>
      </pre>
      <div className="command-actions">
        <button type="button" className="button button-small" onClick={onCopy} aria-label={T.label(label)}>
          {state === 'copied' ? T.copiedButton : T.button}
        </button>
        <span role="status" className="command-status">
          {state === 'copied' ? T.copied : state === 'manual' ? T.blocked : ''}
        </span>
      </div>
    </div>
  );
}
