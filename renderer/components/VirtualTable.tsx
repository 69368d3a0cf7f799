/**
 * A virtualised table for long engine-side lists: only the rows in view are in the DOM, and the visible range
 * is reported so the caller can fetch those pages. Markup uses ARIA table roles with row and column counts.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface VirtualColumn {
  readonly key: string;
  readonly header: ReactNode;
  /** Pixel width. */
  readonly width: number;
  readonly align?: 'left' | 'right';
  readonly onClick?: () => void;
  readonly sort?: 'ascending' | 'descending';
  readonly title?: string;
}

export interface VirtualTableProps {
  readonly columns: readonly VirtualColumn[];
  readonly total: number;
  /** Cells of the row at an index, or undefined while it loads. */
  readonly row: (index: number) => readonly ReactNode[] | undefined;
  readonly onRange: (first: number, last: number) => void;
  readonly label: string;
  readonly testId: string;
  readonly height?: number | string;
  /** Bumps when rows arrive, so visible placeholders re-render. */
  readonly version: number;
  readonly loadingText: string;
}

const ROW_HEIGHT = 28;
const HEAD_HEIGHT = 33;

export function VirtualTable({ columns, total, row, onRange, label, testId, height = '60vh', version, loadingText }: VirtualTableProps): ReactNode {
  const scroller = useRef<HTMLDivElement>(null);
  // The app does not run the React Compiler, and the virtualizer re-renders this component through its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= first) onRange(first, last);
  }, [first, last, onRange]);

  const template = columns.map((c) => `${c.width}px`).join(' ');
  const width = columns.reduce((s, c) => s + c.width, 0);

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={total + 1} data-testid={testId} data-version={version}>
      <div className="vtable-scroll" ref={scroller} style={{ height: HEAD_HEIGHT + total * ROW_HEIGHT + 2, maxHeight: height }}>
        <div className="vtable-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={`vtable-cell vtable-th${c.align === 'right' ? ' num' : ''}`} aria-sort={c.sort ?? 'none'} title={c.title}>
              {c.onClick ? (
                <button type="button" className="th-button" onClick={c.onClick}>
                  {c.header}
                  {c.sort ? <span aria-hidden="true">{c.sort === 'ascending' ? ' ▲' : ' ▼'}</span> : null}
                </button>
              ) : (
                c.header
              )}
            </div>
          ))}
        </div>
        <div className="vtable-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width }}>
          {items.map((item) => {
            const cells = row(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`vtable-row${item.index % 2 ? ' odd' : ''}`}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                {cells
                  ? cells.map((cell, i) => (
                      <div key={columns[i]?.key ?? i} role="cell" className={`vtable-cell${columns[i]?.align === 'right' ? ' num' : ''}`}>
                        {cell}
                      </div>
                    ))
                  : <div role="cell" className="vtable-cell muted">{loadingText}</div>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
