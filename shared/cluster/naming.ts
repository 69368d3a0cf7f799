/**
 * Automatic group names from the distinguishing features ("高资产·低活跃·中年" / "High AUM · Low activity ·
 * Middle-aged"), and matching a run's groups to the previous run's, so a group keeps its name when it is found
 * again (matched by member overlap, never by cluster index).
 */
import type { GroupFeatureStat } from '#shared/api/clusterTypes.ts';

interface Words {
  readonly high: readonly [string, string];
  readonly low: readonly [string, string];
}

const w = (hiZh: string, hiEn: string, loZh: string, loEn: string): Words => ({ high: [hiZh, hiEn], low: [loZh, loEn] });

/** Short words for common features (profile columns and the bank-marketing set); others use 高/低 + their label. */
const WORDS: Readonly<Record<string, Words>> = {
  aum_fen: w('高资产', 'High AUM', '低资产', 'Low AUM'),
  deposit_fen: w('高存款', 'High deposits', '低存款', 'Low deposits'),
  investment_fen: w('重理财', 'Invests', '少理财', 'Few investments'),
  loan_balance_fen: w('高负债', 'High debt', '低负债', 'Low debt'),
  income_fen: w('高收入', 'High income', '低收入', 'Low income'),
  balance: w('高余额', 'High balance', '低余额', 'Low balance'),
  balance_fen: w('高余额', 'High balance', '低余额', 'Low balance'),
  txn_count_30d: w('高活跃', 'Very active', '低活跃', 'Low activity'),
  txn_count_90d: w('高活跃', 'Very active', '低活跃', 'Low activity'),
  txn_count_365d: w('高活跃', 'Very active', '低活跃', 'Low activity'),
  active_months_12m: w('高活跃', 'Very active', '低活跃', 'Low activity'),
  login_days_30d: w('常登录', 'Frequent logins', '少登录', 'Rare logins'),
  event_count_30d: w('线上活跃', 'Active online', '线上沉默', 'Quiet online'),
  txn_recency_days: w('久未交易', 'Long inactive', '近期交易', 'Recent transactions'),
  event_recency_days: w('久未访问', 'Long absent', '近期访问', 'Recent visits'),
  tenure_months: w('老客户', 'Long-standing', '新客户', 'New customers'),
  product_count: w('多产品', 'Many products', '单产品', 'Few products'),
  channel_count: w('多渠道', 'Multichannel', '单渠道', 'Single channel'),
  complaints_365d: w('多投诉', 'Complaining', '少投诉', 'Few complaints'),
  touches_90d: w('常触达', 'Often contacted', '少触达', 'Rarely contacted'),
  duration: w('长通话', 'Long calls', '短通话', 'Short calls'),
  campaign: w('多次营销', 'Contacted often', '少营销', 'Contacted rarely'),
  previous: w('曾参与营销', 'Past campaigns', '未参与营销', 'No past campaigns'),
  pdays: w('久未联系', 'Long uncontacted', '近期联系', 'Recently contacted'),
  max_overdue_days: w('有逾期', 'Overdue', '无逾期', 'Not overdue'),
};

const AGE_COLUMNS: ReadonlySet<string> = new Set(['age']);

function ageWord(meanAge: number): readonly [string, string] {
  if (meanAge < 36) return ['青年', 'Young'];
  if (meanAge < 55) return ['中年', 'Middle-aged'];
  if (meanAge < 65) return ['中老年', 'Older'];
  return ['老年', 'Senior'];
}

function shortLabel(s: string): string {
  return s.replace(/[（(].*?[)）]/g, '').trim();
}

/** The word for one distinguishing line, in Chinese and English. */
function wordFor(s: GroupFeatureStat): readonly [string, string] {
  if (AGE_COLUMNS.has(s.feature) && s.level === null) return ageWord(s.value);
  if (s.level !== null && s.level !== '1') return [shortLabel(s.level).slice(0, 8), shortLabel(s.level).slice(0, 20)];
  const words = WORDS[s.feature];
  const high = s.z >= 0;
  if (words) return high ? words.high : words.low;
  if (s.level === '1') {
    const zh = shortLabel(s.zh).replace(/^是否/, '');
    return high ? [zh, shortLabel(s.en)] : [`非${zh}`, `Not ${shortLabel(s.en)}`];
  }
  return high ? [`高${shortLabel(s.zh)}`, `High ${shortLabel(s.en)}`] : [`低${shortLabel(s.zh)}`, `Low ${shortLabel(s.en)}`];
}

/** Candidate words of a group, strongest line first, without repeats (Chinese and English side by side). */
export function nameWords(lines: readonly GroupFeatureStat[]): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const s of lines) {
    const word = wordFor(s);
    if (!out.some((w) => w[0] === word[0])) out.push(word);
  }
  return out;
}

/** A name from up to three distinguishing lines; `普通客群` / `Typical` when nothing stands out. */
export function groupName(lines: readonly GroupFeatureStat[]): { zh: string; en: string } {
  return joinWords(nameWords(lines).slice(0, 3));
}

function joinWords(words: readonly (readonly [string, string])[]): { zh: string; en: string } {
  return words.length === 0 ? { zh: '普通客群', en: 'Typical' } : { zh: words.map((w) => w[0]).join('·'), en: words.map((w) => w[1]).join(' · ') };
}

/**
 * Names for the groups of one run that do not repeat: a group whose three words are the same set as an earlier
 * group's (高收入·低资产 vs 低资产·高收入) swaps its last word for its next candidate; when none is left it gets a
 * number (高资产②). `fixed` names (carried over from the previous run) are kept as they are.
 */
export function distinctNames(candidates: readonly (readonly (readonly [string, string])[])[], fixed: readonly ({ zh: string; en: string } | null)[]): { zh: string; en: string }[] {
  const taken = new Set<string>();
  const key = (words: readonly (readonly [string, string])[]): string => words.map((w) => w[0]).sort().join('·');
  const named = candidates.map((words, i) => {
    const keep = fixed[i];
    if (keep) {
      taken.add(key(keep.zh.split('·').map((z) => [z, ''] as const)));
      return keep;
    }
    const chosen = words.slice(0, 3);
    let next = 3;
    while (taken.has(key(chosen)) && next < words.length) {
      const w = words[next++];
      if (w) chosen[chosen.length - 1] = w;
    }
    taken.add(key(chosen));
    return joinWords(chosen);
  });
  return uniqueNames(named);
}

/** Makes names unique within a run by numbering repeats (高资产, 高资产②). */
export function uniqueNames(names: readonly { zh: string; en: string }[]): { zh: string; en: string }[] {
  const seen = new Map<string, number>();
  const marks = '②③④⑤⑥⑦⑧⑨⑩';
  return names.map((nm) => {
    const count = (seen.get(nm.zh) ?? 0) + 1;
    seen.set(nm.zh, count);
    if (count === 1) return nm;
    return { zh: `${nm.zh}${marks[count - 2] ?? `-${count}`}`, en: `${nm.en} (${count})` };
  });
}
export interface GroupMatch {
  readonly cluster: number;
  readonly overlap: number;
  readonly by: 'overlap' | 'profile';
}

/**
 * Matches new groups to old ones by member overlap (Jaccard over shared keys), greedily from the largest overlap;
 * a pair needs Jaccard ≥ `minOverlap`. `contingency[i * kOld + j]` counts keys in new group i and old group j.
 */
export function matchGroups(contingency: Float64Array, newSizes: readonly number[], oldSizes: readonly number[], minOverlap = 0.5): (GroupMatch | null)[] {
  const kNew = newSizes.length;
  const kOld = oldSizes.length;
  const pairs: { i: number; j: number; jac: number }[] = [];
  for (let i = 0; i < kNew; i++) {
    for (let j = 0; j < kOld; j++) {
      const inter = contingency[i * kOld + j] as number;
      if (inter === 0) continue;
      const union = (newSizes[i] ?? 0) + (oldSizes[j] ?? 0) - inter;
      pairs.push({ i, j, jac: union > 0 ? inter / union : 0 });
    }
  }
  pairs.sort((a, b) => b.jac - a.jac || a.i - b.i || a.j - b.j);
  const out: (GroupMatch | null)[] = new Array<GroupMatch | null>(kNew).fill(null);
  const used = new Set<number>();
  for (const p of pairs) {
    if (p.jac < minOverlap) break;
    if (out[p.i] || used.has(p.j)) continue;
    out[p.i] = { cluster: p.j, overlap: p.jac, by: 'overlap' };
    used.add(p.j);
  }
  return out;
}

/** Root-mean-square difference of the standardised differences (z) of the profile lines two groups share. */
function profileDistance(a: readonly GroupFeatureStat[], b: ReadonlyMap<string, number>): number {
  let acc = 0;
  let shared = 0;
  for (const s of a) {
    const z = b.get(`${s.feature}\u0000${s.level ?? ''}`);
    if (z === undefined) continue;
    acc += (s.z - z) ** 2;
    shared++;
  }
  return shared > 0 ? Math.sqrt(acc / shared) : Infinity;
}

/**
 * Completes an overlap matching by profile ("centroid") similarity: each new group still unmatched is paired with
 * an unmatched old group whose profile lines (standardised difference from all rows, per feature and level) lie
 * within `maxDistance` in root-mean-square, closest pairs first. This keeps names when the old run's members no
 * longer share keys with the new rows (a table re-imported under new row ids). z is relative to each run's own
 * rows, so the comparison holds when the data grew or shrank a little, not when it changed character.
 */
export function matchByProfile(
  newProfiles: readonly (readonly GroupFeatureStat[])[],
  oldProfiles: readonly (readonly GroupFeatureStat[])[],
  byOverlap: readonly (GroupMatch | null)[],
  maxDistance = 0.25,
): (GroupMatch | null)[] {
  const usedOld = new Set(byOverlap.flatMap((m) => (m ? [m.cluster] : [])));
  const oldZ = oldProfiles.map((p) => new Map(p.map((s) => [`${s.feature}\u0000${s.level ?? ''}`, s.z])));
  const pairs: { i: number; j: number; dist: number }[] = [];
  newProfiles.forEach((p, i) => {
    if (byOverlap[i]) return;
    oldZ.forEach((z, j) => {
      if (usedOld.has(j)) return;
      const dist = profileDistance(p, z);
      if (dist <= maxDistance) pairs.push({ i, j, dist });
    });
  });
  pairs.sort((a, b) => a.dist - b.dist || a.i - b.i || a.j - b.j);
  const out = [...byOverlap];
  for (const p of pairs) {
    if (out[p.i] || usedOld.has(p.j)) continue;
    out[p.i] = { cluster: p.j, overlap: 0, by: 'profile' };
    usedOld.add(p.j);
  }
  return out;
}
