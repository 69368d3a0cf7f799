/** The drill-down filter shared by every panel of the 文本 page, and how it reads as text. */
import type { NoteFilter, NoteGrouping } from '#shared/api/textTypes.ts';

export interface DrillDown {
  readonly filter: NoteFilter;
  /** What the user clicked, shown above the notes. */
  readonly caption: string;
}

export function groupFilter(by: NoteGrouping, group: string | undefined, extra: Omit<NoteFilter, 'by' | 'group'> = {}): NoteFilter {
  return by === 'all' || group === undefined ? { ...extra } : { by, group, ...extra };
}
