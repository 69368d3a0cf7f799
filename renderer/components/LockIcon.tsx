import type { ReactNode } from 'react';

/** A small padlock marking masked personal data; `label` is read out and shown as a tooltip. */
export function LockIcon({ label }: { readonly label: string }): ReactNode {
  return (
    <span className="lock" role="img" aria-label={label} title={label} data-testid="pii-lock">
      <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm2 0h4V5a2 2 0 1 0-4 0v2z" />
      </svg>
    </span>
  );
}
