/** Column sort of the table grid: a click sorts ascending, a second click descending, a third restores file order. */
export interface Sort {
  readonly column: string;
  readonly desc: boolean;
}

export function nextSort(current: Sort | null, column: string): Sort | null {
  if (!current || current.column !== column) return { column, desc: false };
  if (!current.desc) return { column, desc: true };
  return null;
}
