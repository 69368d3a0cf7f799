/**
 * Members of a saved cluster selection (`cluster_selection_member`, read through its selection index) as a
 * customer set; rows without a ONE_ID or outside the customer universe are not customers and are left out.
 */
import type { Db } from '#shared/db/database.ts';
import { emptySet, type CustomerSet } from '#shared/analytics/bitsets.ts';
import type { Universe } from '#shared/analytics/universe.ts';

export function loadSelection(db: Db, universe: Universe, selectionId: number): CustomerSet {
  const set = emptySet(universe.n);
  db.each('SELECT one_id FROM cluster_selection_member WHERE selection_id = ? AND one_id IS NOT NULL', [selectionId], (row) => {
    const i = universe.index.get(String(row[0]));
    if (i !== undefined) set.add(i);
  });
  return set;
}
