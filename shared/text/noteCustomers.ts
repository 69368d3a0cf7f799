/**
 * Which person (ONE_ID) wrote each note. Identity resolution files every distinct (客户号, phone) pair of the
 * notes table as one record (shared/identity/sourceReader.ts); the note's ONE_ID is that record's. Before a
 * resolution run, a note with a customer number falls back to the ONE_ID its customer record got at import.
 */
import type { Db } from '#shared/db/database.ts';
import { normalizeIdentifier } from '#shared/identity/normalizeIdentifiers.ts';
import { tupleRecordId } from '#shared/identity/sourceReader.ts';

export function noteOneIds(db: Db): Map<number, string> {
  const byRecord = new Map<string, string>();
  db.each("SELECT source, record_id, one_id FROM identity_map WHERE source IN ('note', 'customer')", [], (r) => {
    byRecord.set(`${String(r[0])}\u0001${String(r[1])}`, String(r[2]));
  });
  const out = new Map<number, string>();
  if (byRecord.size === 0) return out;
  const tupleCache = new Map<string, string | null>();
  db.each('SELECT row_id, cust_no, phone FROM notes', [], (r) => {
    const custNo = r[1] === null ? '' : String(r[1]);
    const phone = r[2] === null ? '' : String(r[2]);
    const key = `${custNo}\u0001${phone}`;
    let oneId = tupleCache.get(key);
    if (oneId === undefined) {
      const c = custNo === '' ? null : normalizeIdentifier('cust_no', custNo);
      const p = phone === '' ? null : normalizeIdentifier('phone', phone);
      const values = [c?.ok ? c.value : null, p?.ok ? p.value : null];
      oneId = byRecord.get(`note\u0001${tupleRecordId('n', values)}`) ?? (custNo === '' ? null : (byRecord.get(`customer\u0001${custNo}`) ?? null));
      tupleCache.set(key, oneId);
    }
    if (oneId !== null) out.set(Number(r[0]), oneId);
  });
  return out;
}
