import type { ReactNode } from 'react';

/** A workspace table offered to a feature page, with its display names. */
export interface TableChoice {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
}

/** The labelled table picker shared by the pages that work on one chosen table (clustering, prediction). */
export function TableSelect(props: {
  readonly label: string;
  readonly tables: readonly TableChoice[];
  readonly value: string;
  readonly en: boolean;
  readonly disabled: boolean;
  readonly onChange: (name: string) => void;
  readonly testId: string;
}): ReactNode {
  return (
    <label className="form-field">
      <span className="form-label">{props.label}</span>
      <select className="select" value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        {props.tables.map((tb) => (
          <option key={tb.name} value={tb.name}>
            {`${props.en ? tb.en : tb.zh} (${tb.name})`}
          </option>
        ))}
      </select>
    </label>
  );
}
