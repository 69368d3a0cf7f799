/**
 * Who a behaviour row belongs to, decided exactly as `profile.build` decides it for the wide table's activity
 * columns (shared/profile/persons.ts, factOwners.ts): a row with a customer number belongs to that customer's
 * person; an event or touch row without one is looked up by its identifier tuple's ONE_ID record. The person is
 * then placed in this universe by ONE_ID. Results are cached per distinct raw identifier key: a device that
 * logged 5,000 events is resolved once.
 */
import type { Db } from '#shared/db/database.ts';
import { FactOwners } from '#shared/profile/factOwners.ts';
import { Persons } from '#shared/profile/persons.ts';
import { KEY_SEP, type BehaviorSourceDef } from './behaviorSources.ts';
import type { Universe } from './universe.ts';

export interface OwnerResolver {
  /** Universe index of the owner of a row with these identifier fields ('' for NULL), or −1. */
  owner(fields: readonly string[]): number;
  /** Every raw key resolved so far → universe index (−1 when nobody), for the SQL path's owner table. */
  readonly resolved: ReadonlyMap<string, number>;
}

export function loadPersons(db: Db): Persons {
  return Persons.load(db);
}

export function createOwnerResolver(db: Db, def: BehaviorSourceDef, universe: Universe, persons: Persons): OwnerResolver {
  const resolved = new Map<string, number>();
  const facts = def.tuple ? new FactOwners(db, persons, def.tuple) : null;
  const toUniverse = (person: number): number => (person < 0 ? -1 : (universe.index.get(persons.oneIds[person] ?? '') ?? -1));
  return {
    resolved,
    owner(fields) {
      const key = fields.join(KEY_SEP);
      const hit = resolved.get(key);
      if (hit !== undefined) return hit;
      const person = facts ? facts.ownerOf(fields, 0) : persons.indexOfCustNo(fields[0] ?? '');
      const idx = toUniverse(person);
      resolved.set(key, idx);
      return idx;
    },
  };
}
