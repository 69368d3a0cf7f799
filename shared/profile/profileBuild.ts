/**
 * The `profile.build` job: rebuilds `customer_profile` (one row per ONE_ID with a core customer number, columns
 * per {@link PROFILE_COLUMNS}) from the entity tables relative to the workspace as-of date. Each table is read
 * once in chunks and aggregated per person (see factScans.ts for why not GROUP BY); the table is then dropped
 * and written again in ONE_ID order. The caller runs it inside one transaction, so a cancelled build leaves the
 * previous table as it was.
 */
import type { ProfileBuildResult, ProfileStatus } from '#shared/api/profileTypes.ts';
import { ExpectedError } from '#shared/api/errors.ts';
import type { Db } from '#shared/db/database.ts';
import type { JobContext } from '#shared/jobs/jobContext.ts';
import { registerSensitiveColumn } from '#shared/privacy/register.ts';
import { getMeta, setMeta } from '#shared/workspace/workspaceService.ts';
import { AsOfCalendar } from './calendar.ts';
import { markWechatIdentities, scanEvents, scanNotes, scanRelations, scanTouches, scanTransactions } from './factScans.ts';
import { Persons } from './persons.ts';
import { ProfileFacts } from './profileFacts.ts';
import { COPIED_COLUMNS, profileGetters, type ComputedColumn, type ProfileValue } from './profileRows.ts';
import { PROFILE_COLUMNS } from './profileSchema.ts';
import { PROFILE_TABLE, profileTableDdl } from './profileTable.ts';
import { scanCustomers, scanProducts } from './snapshotScans.ts';

const STATE_KEY = 'profile_state';

interface BuildState {
  readonly asOf: string;
  readonly builtAt: string;
  readonly rows: number;
  readonly ms: number;
  /** Newest import batch and identity run the table was built from. */
  readonly batch: number;
  readonly identityRun: number;
}

function sources(db: Db): { batch: number; identityRun: number } {
  const batch = db.value('SELECT max(batch_id) FROM import_batch');
  const run = db.value("SELECT max(run_id) FROM identity_run WHERE status = 'done'");
  return { batch: typeof batch === 'number' ? batch : 0, identityRun: typeof run === 'number' ? run : 0 };
}

/** The as-of date every window is computed against; an expected error before any data gave one. */
export function requireAsOf(db: Db): string {
  const asOf = getMeta(db, 'as_of_date');
  if (!asOf) throw new ExpectedError('NOT_FOUND', 'The workspace has no as-of date yet: import data or set the date first.', { what: 'as_of_date' });
  return asOf;
}

/**
 * Rebuilds `customer_profile`. Progress steps: `profile.read.<table>` per table scanned, `profile.write`.
 *
 * @param now wall-clock ISO timestamp, only for recording when the build ran (never used in computing values)
 */
export async function buildProfile(db: Db, ctx: JobContext, now: () => string): Promise<ProfileBuildResult> {
  const t0 = Date.now();
  const asOf = requireAsOf(db);
  const cal = new AsOfCalendar(asOf);
  const persons = Persons.load(db);
  const facts = new ProfileFacts(persons.size);
  const env = { db, ctx, cal, persons, facts };
  const steps: Record<string, number> = {};
  const timed = async (name: string, fn: () => Promise<void> | void): Promise<void> => {
    const t = Date.now();
    await fn();
    steps[name] = Date.now() - t;
  };
  await timed('customers', () => scanCustomers(env));
  await timed('products', () => scanProducts(env));
  await timed('transactions', () => scanTransactions(env));
  await timed('events', () => scanEvents(env));
  await timed('touches', () => scanTouches(env));
  await timed('notes', () => scanNotes(env));
  await timed('relations', async () => {
    await scanRelations(env);
    markWechatIdentities(env);
  });
  await timed('write', () => writeProfile(db, ctx, facts, persons, cal));
  for (const col of PROFILE_COLUMNS) if (col.pii) registerSensitiveColumn(db, PROFILE_TABLE, col.name, col.pii, 'detected');
  const builtAt = now();
  const ms = Date.now() - t0;
  const state: BuildState = { asOf, builtAt, rows: persons.size, ms, ...sources(db) };
  setMeta(db, STATE_KEY, JSON.stringify(state));
  return { rows: persons.size, asOf, builtAt, ms, steps };
}

/**
 * Writes the table in ONE_ID order. Only what JavaScript computed is bound (binding values is the costly part
 * of a write in sql.js), through the bulk writer of the imports: several persons per statement, each a row of
 * a `VALUES` list; the text attributes are copied by the same statement from each person's primary customers
 * row, looked up by row id.
 */
async function writeProfile(db: Db, ctx: JobContext, facts: ProfileFacts, persons: Persons, cal: AsOfCalendar): Promise<void> {
  const computed = profileGetters(facts, persons, cal);
  db.exec(`DROP TABLE IF EXISTS ${PROFILE_TABLE}`);
  db.exec(profileTableDdl());
  const width = computed.length;
  let k = 0;
  const select = PROFILE_COLUMNS.map((c) => (COPIED_COLUMNS.has(c.name) ? `c.${c.name}` : `v.column${String(++k)}`)).join(', ');
  const tuple = `(${new Array<string>(width + 1).fill('?').join(', ')})`;
  // The VALUES list is the outer loop of the LEFT JOIN, so rows are inserted in the order they were added.
  const sqlFor = (rows: number): string =>
    `INSERT INTO ${PROFILE_TABLE} SELECT ${select} FROM (VALUES ${new Array<string>(rows).fill(tuple).join(', ')}) v LEFT JOIN customers c ON c.row_id = v.column${String(width + 1)}`;
  const total = persons.size;
  // Values are computed a chunk of persons at a time, column by column: each getter then runs in a tight
  // monomorphic loop, several times faster than calling every getter for one row after another.
  const CHUNK = 4096;
  const columns: ProfileValue[][] = computed.map(() => new Array<ProfileValue>(CHUNK).fill(null));
  const row: ProfileValue[] = new Array<ProfileValue>(width + 1).fill(null);
  // Not a callback scope: the loop awaits checkpoints, and the writer must live until it ends.
  const bulk = db.prepareBulkInsert(sqlFor, width + 1);
  try {
    for (let lo = 0; lo < total; lo += CHUNK) {
      const n = Math.min(CHUNK, total - lo);
      for (let j = 0; j < width; j++) {
        const get = (computed[j] as ComputedColumn).get;
        const out = columns[j] as ProfileValue[];
        for (let i = 0; i < n; i++) out[i] = get(lo + i);
      }
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < width; j++) row[j] = (columns[j] as ProfileValue[])[i] as ProfileValue;
        row[width] = facts.custRow[lo + i] as number;
        bulk.add(row);
      }
      bulk.flush();
      ctx.progress('profile.write', lo + n, total);
      await ctx.checkpoint();
    }
  } finally {
    bulk.free();
  }
}

/** Whether the wide table exists and still matches the data and as-of date. */
export function profileStatus(db: Db): ProfileStatus {
  const exists = db.value("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", [PROFILE_TABLE]) === 1;
  const raw = getMeta(db, STATE_KEY);
  let state: BuildState | null = null;
  if (raw) {
    try {
      state = JSON.parse(raw) as BuildState;
    } catch {
      state = null;
    }
  }
  if (!exists || !state) return { built: false, rows: 0, asOf: null, builtAt: null, ms: null, stale: true, columns: PROFILE_COLUMNS.length };
  const now = sources(db);
  const columns = db.all(`PRAGMA table_info(${PROFILE_TABLE})`).length;
  const stale = state.asOf !== getMeta(db, 'as_of_date') || state.batch !== now.batch || state.identityRun !== now.identityRun || columns !== PROFILE_COLUMNS.length;
  return { built: true, rows: Number(db.value(`SELECT count(*) FROM ${PROFILE_TABLE}`) ?? 0), asOf: state.asOf, builtAt: state.builtAt, ms: state.ms, stale, columns };
}
