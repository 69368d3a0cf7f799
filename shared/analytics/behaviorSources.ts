/**
 * The behaviour tables a segment condition may count rows of, with the columns a condition filters on and the
 * identifier columns that tie a row to a person. Event and touch rows are tied the way ONE_ID resolution reads
 * them (one record per identifier tuple, docs/identity.md); transactions by their customer number.
 */
import type { BehaviorSource } from '#shared/api/segmentTypes.ts';
import type { IdentifierType } from '#shared/api/identityTypes.ts';
import { EVENT_TUPLE, TOUCH_TUPLE, type TupleLayout } from '#shared/profile/factOwners.ts';

export interface BehaviorDim {
  readonly column: string;
  readonly zh: string;
  readonly en: string;
}

export interface BehaviorSourceDef {
  readonly source: BehaviorSource;
  readonly table: string;
  readonly zh: string;
  readonly en: string;
  readonly timeColumn: string;
  readonly dims: readonly BehaviorDim[];
  /** Identifier columns, in the order ONE_ID resolution builds the tuple (column name = identifier type). */
  readonly idColumns: readonly IdentifierType[];
  /** How resolution reads the table's identifier tuples; null: rows belong by customer number only. */
  readonly tuple: TupleLayout | null;
}

export const BEHAVIOR_SOURCES: readonly BehaviorSourceDef[] = [
  {
    source: 'events',
    table: 'events',
    zh: '行为事件',
    en: 'Events',
    timeColumn: 'event_time',
    dims: [
      { column: 'event_name', zh: '事件', en: 'Event' },
      { column: 'channel', zh: '渠道', en: 'Channel' },
    ],
    idColumns: EVENT_TUPLE.columns,
    tuple: EVENT_TUPLE,
  },
  {
    source: 'touches',
    table: 'touches',
    zh: '营销触达',
    en: 'Touches',
    timeColumn: 'touch_time',
    dims: [
      { column: 'channel', zh: '触达渠道', en: 'Channel' },
      { column: 'action', zh: '动作', en: 'Action' },
      { column: 'campaign_name', zh: '活动', en: 'Campaign' },
    ],
    idColumns: TOUCH_TUPLE.columns,
    tuple: TOUCH_TUPLE,
  },
  {
    source: 'transactions',
    table: 'transactions',
    zh: '交易',
    en: 'Transactions',
    timeColumn: 'txn_time',
    dims: [
      { column: 'txn_type', zh: '交易类型', en: 'Type' },
      { column: 'channel', zh: '渠道', en: 'Channel' },
      { column: 'direction', zh: '收支方向', en: 'Direction' },
    ],
    idColumns: ['cust_no'],
    tuple: null,
  },
];

export function behaviorSource(source: BehaviorSource): BehaviorSourceDef {
  const def = BEHAVIOR_SOURCES.find((d) => d.source === source);
  if (!def) throw new RangeError(`unknown behaviour source ${source}`);
  return def;
}

/** Separator of the raw identifier key (the fields as SQLite prints them, NULL as ''). */
export const KEY_SEP = '\u001f';

/** The SQL expression of a row's raw identifier key; equal to the key {@link rawKey} builds from the same row. */
export function rawKeySql(def: BehaviorSourceDef, alias: string): string {
  return def.idColumns.map((c) => `ifnull(${alias}.${c}, '')`).join(' || char(31) || ');
}
