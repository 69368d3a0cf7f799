import { describe, expect, it } from 'vitest';
import { Db } from '#shared/db/database.ts';
import { scan } from '#shared/identity/sourceReader.ts';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { scanRows } from './rowScan.ts';

const host = { sqlJsConfig: {} };
const COLUMNS = ['a', 'b', 'c'] as const;

async function table(rows: readonly (readonly [number, string | number | null, string | number | null, string | number | null])[]): Promise<Db> {
  const db = await Db.open(host);
  db.exec('CREATE TABLE t (row_id INTEGER PRIMARY KEY, a, b, c)');
  for (const r of rows) db.run('INSERT INTO t VALUES (?, ?, ?, ?)', [...r]);
  return db;
}

async function both(db: Db, where = '1', params: readonly (string | number)[] = []): Promise<{ ours: string[][]; theirs: string[][]; n: number }> {
  const ours: string[][] = [];
  const theirs: string[][] = [];
  const n = await scanRows(db, createJobContext(), 'test', 't', COLUMNS, where, params, (f) => ours.push([...f]));
  await scan(db, createJobContext(), 'test', 't', COLUMNS, where, params, (f) => theirs.push([...f]));
  return { ours, theirs, n };
}

describe('scanRows', () => {
  it('reads the fields as the identity scan does: NULL as empty, numbers as SQLite writes them, in key order across chunks', async () => {
    const db = await table([
      [250_001, '最后', -0.5, 1e21],
      [1, '客户甲', 12, null],
      [2, null, 3.25, 'x%sy'],
      [3, '', 1.0, '9007199254740993'],
      [120_000, 'Ünïcode 😀', -7, ''],
    ]);
    const { ours, theirs, n } = await both(db);
    expect(n).toBe(5);
    expect(ours).toEqual(theirs);
    expect(ours[0]).toEqual(['客户甲', '12', '']);
    expect(ours[1]).toEqual(['', '3.25', 'x%sy']);
    expect(ours[4]?.[0]).toBe('最后');
  });

  it('applies the filter and its parameters', async () => {
    const db = await table([
      [1, 'a', 1, 'keep'],
      [2, 'b', 2, 'drop'],
      [3, 'c', 3, 'keep'],
    ]);
    const { ours, theirs } = await both(db, 'c = ?', ['keep']);
    expect(ours.map((f) => f[0])).toEqual(['a', 'c']);
    expect(ours).toEqual(theirs);
  });

  it('reads a chunk whose values hold separator characters row by row, every field intact', async () => {
    const db = await table([
      [1, 'plain', 1, 'x'],
      [2, 'has\u001fsep', 2, 'y'],
      [3, 'row\u001esep', 3, 'z'],
    ]);
    const { ours, n } = await both(db);
    expect(n).toBe(3);
    expect(ours).toEqual([
      ['plain', '1', 'x'],
      ['has\u001fsep', '2', 'y'],
      ['row\u001esep', '3', 'z'],
    ]);
  });

  it('reads expressions over the columns', async () => {
    const db = await table([
      [1, '2024-06-30 12:00:00', 5, null],
      [2, null, 6, 'x'],
    ]);
    const rows: string[][] = [];
    await scanRows(db, createJobContext(), 'test', 't', ['substr(a, 1, 10)', 'b * 2', 'c'], '1', [], (f) => rows.push([...f]));
    expect(rows).toEqual([
      ['2024-06-30', '10', ''],
      ['', '12', 'x'],
    ]);
  });

  it('reads nothing from an empty table', async () => {
    const db = await table([]);
    expect((await both(db)).n).toBe(0);
  });
});
