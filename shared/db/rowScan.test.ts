import { describe, expect, it } from 'vitest';
import { createJobContext } from '#shared/jobs/jobContext.ts';
import { Db } from './database.ts';
import { scanRows } from './rowScan.ts';

const host = { sqlJsConfig: {} };
const COLUMNS = ['a', 'b', 'c'] as const;

async function table(rows: readonly (readonly [number, string | number | null, string | number | null, string | number | null])[]): Promise<Db> {
  const db = await Db.open(host);
  db.exec('CREATE TABLE t (row_id INTEGER PRIMARY KEY, a, b, c)');
  for (const r of rows) db.run('INSERT INTO t VALUES (?, ?, ?, ?)', [...r]);
  return db;
}

async function both(db: Db, where = '1', params: readonly (string | number)[] = []): Promise<{ ours: string[][]; n: number }> {
  const ours: string[][] = [];
  const n = await scanRows(db, createJobContext(), 'test', 't', COLUMNS, where, params, (f) => ours.push([...f]));
  return { ours, n };
}

/** The rows as SQLite itself writes each value as text (NULL as ''), read row by row. */
function sqliteText(db: Db, where: string): string[][] {
  return db
    .all<{ a: string; b: string; c: string }>(`SELECT ifnull(CAST(a AS TEXT), '') AS a, ifnull(CAST(b AS TEXT), '') AS b, ifnull(CAST(c AS TEXT), '') AS c FROM t WHERE ${where} ORDER BY row_id`)
    .map((r) => [r.a, r.b, r.c]);
}

describe('scanRows', () => {
  it('reads the fields as SQLite writes them as text, NULL as empty, in key order across chunks', async () => {
    const db = await table([
      [250_001, '最后', -0.5, 1e21],
      [1, '客户甲', 12, null],
      [2, null, 3.25, 'x%sy'],
      [3, '', 1.0, '9007199254740993'],
      [120_000, 'Ünïcode 😀', -7, ''],
    ]);
    const { ours, n } = await both(db);
    expect(n).toBe(5);
    expect(ours).toEqual(sqliteText(db, '1'));
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
    const { ours } = await both(db, 'c = ?', ['keep']);
    expect(ours.map((f) => f[0])).toEqual(['a', 'c']);
    expect(ours).toEqual(sqliteText(db, "c = 'keep'"));
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
