/**
 * A pool label on the page, as data (contracts/label.ts is the one formatter): React escapes the
 * text; newlines, tabs, invisible characters and spaces at either end are shown as escapes in a
 * distinct style, with what they stand for as a tooltip.
 */
import { labelParts } from '../../contracts/label.ts';
import { NO_LABEL } from './format.ts';

export function PoolLabel({ label }: { label: string | null }) {
  if (label === null || label === '') return <span className="muted">{NO_LABEL}</span>;
  return <EscapedText text={label} className="pool-label" testId="pool-label" />;
}

/** Any text that may hold a label (a raw output line): the same escapes, the same style. */
export function EscapedText({ text, className, testId }: { text: string; className?: string; testId?: string }) {
  return (
    <span className={className} data-testid={testId}>
      {labelParts(text).map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <abbr key={i} className="label-escape" title={p.title}>
            {p.text}
          </abbr>
        ),
      )}
    </span>
  );
}
