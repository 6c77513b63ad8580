/**
 * A table that scrolls sideways inside its own box on a narrow screen (the page never does). The
 * box is a named, focusable region, so keyboard users can scroll it too (WCAG 2.1.1).
 */
import type { ReactNode } from 'react';

export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
