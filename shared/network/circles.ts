/**
 * 社交圈潜在客户: people connected to high-value (or loyal) customers who are not such customers themselves,
 * explained in the words an account manager uses ("3 位高价值客户的邀请人 · 月均转入 ¥2.1 万").
 */
import type { RelationKind } from '#shared/api/behaviourTypes.ts';

export interface CircleEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: RelationKind;
}

export interface CircleCandidate {
  readonly node: number;
  /** Distinct anchor customers (high-value or loyal) connected to the node. */
  readonly anchors: number;
  readonly reason: string;
}

/** How the candidate relates to the anchors, in the anchors' terms (the candidate is their …). */
function roleZh(kind: RelationKind, candidateIsFrom: boolean): string {
  switch (kind) {
    case 'invite':
      return candidateIsFrom ? '邀请人' : '被邀请人';
    case 'share':
      return candidateIsFrom ? '分享人' : '分享对象';
    case 'transfer':
      return '资金往来对象';
    default:
      return '关联人';
  }
}

/** ¥ amount in 元 or 万 for a reason text. */
export function yuanText(fen: number): string {
  const yuan = fen / 100;
  return yuan >= 10_000 ? `¥${(yuan / 10_000).toFixed(1)} 万` : `¥${Math.round(yuan).toLocaleString('en-US')}`;
}

/**
 * Candidates: nodes with `eligible` true, not anchors themselves, connected to at least `minAnchors` distinct
 * anchors, or to one anchor while receiving at least `minMonthlyInFen` a month. `monthlyInFen` is the
 * node's mean monthly transfers received (0 when unknown).
 */
export function circleCandidates(
  edges: readonly CircleEdge[],
  isAnchor: (node: number) => boolean,
  eligible: (node: number) => boolean,
  monthlyInFen: Float64Array,
  anchorZh: string,
  minAnchors: number,
  minMonthlyInFen: number,
): CircleCandidate[] {
  const anchorsOf = new Map<number, Map<number, RelationKind[]>>();
  const note = (node: number, anchor: number, role: RelationKind, candidateIsFrom: boolean): void => {
    if (!eligible(node) || isAnchor(node)) return;
    let m = anchorsOf.get(node);
    if (!m) anchorsOf.set(node, (m = new Map<number, RelationKind[]>()));
    const roles = m.get(anchor) ?? [];
    roles.push(candidateIsFrom ? role : (`~${role}` as RelationKind));
    m.set(anchor, roles);
  };
  for (const e of edges) {
    if (e.from === e.to) continue;
    if (isAnchor(e.to)) note(e.from, e.to, e.kind, true);
    if (isAnchor(e.from)) note(e.to, e.from, e.kind, false);
  }
  const out: CircleCandidate[] = [];
  for (const [node, anchors] of anchorsOf) {
    const k = anchors.size;
    const inflow = monthlyInFen[node] ?? 0;
    if (k < minAnchors && !(k >= 1 && inflow >= minMonthlyInFen)) continue;
    // The most common role over anchors names the relation; "~" marks roles where the candidate received.
    const tally = new Map<string, number>();
    for (const roles of anchors.values()) {
      const r = roles[0] ?? 'other';
      tally.set(r, (tally.get(r) ?? 0) + 1);
    }
    const [top = 'other'] = [...tally.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([r]) => r);
    const received = top.startsWith('~');
    const role = roleZh((received ? top.slice(1) : top) as RelationKind, !received);
    const parts = [`${k} 位${anchorZh}的${role}`];
    if (inflow > 0) parts.push(`月均转入 ${yuanText(inflow)}`);
    out.push({ node, anchors: k, reason: parts.join(' · ') });
  }
  return out.sort((a, b) => b.anchors - a.anchors || (monthlyInFen[b.node] ?? 0) - (monthlyInFen[a.node] ?? 0) || a.node - b.node);
}
