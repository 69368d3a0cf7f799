import { describe, expect, it } from 'vitest';
import { detectCommunities, influenceScores, type ScoredEdge } from './graphScores.ts';
import { invitationForest } from './invitationTrees.ts';
import { circleCandidates, yuanText } from './circles.ts';
import { endpointHints, relationKind } from './relationKinds.ts';

describe('relation kinds and endpoint hints', () => {
  it('reads the words exports use', () => {
    expect(['邀请注册', '分享', '转账', '推荐开户', '点赞'].map(relationKind)).toEqual(['invite', 'share', 'transfer', 'invite', 'other']);
    expect(endpointHints('{"发起方类型":"APP用户号","接收方类型":"手机号"}')).toEqual({ from: 'app_user_id', to: 'phone' });
    expect(endpointHints('')).toEqual({ from: null, to: null });
  });
});

describe('invitation trees', () => {
  it('counts generations, depth, breadth and downstream conversions', () => {
    // 0 invites 1, 2, 3; 1 invites 4; 4 invites 5; 6 invites 7. 5 was also invited later by 3 (ignored).
    const edges = [
      { from: 0, to: 1, time: 1 },
      { from: 0, to: 2, time: 2 },
      { from: 0, to: 3, time: 3 },
      { from: 1, to: 4, time: 4 },
      { from: 4, to: 5, time: 5 },
      { from: 3, to: 5, time: 9 },
      { from: 6, to: 7, time: 1 },
    ];
    const converted = new Set([1, 4, 5, 7]);
    const f = invitationForest(8, edges, (v) => converted.has(v));
    expect(f.roots).toEqual([0, 6]);
    expect(f.depth).toEqual([3, 1]);
    expect(f.breadth).toEqual([3, 1]);
    expect(f.generations).toEqual([
      { generation: 1, invited: 4, converted: 2 },
      { generation: 2, invited: 1, converted: 1 },
      { generation: 3, invited: 1, converted: 1 },
    ]);
    expect(f.downstream[0]).toBe(5);
    expect(f.downstreamConverted[0]).toBe(3);
    expect(f.downstream[1]).toBe(2);
  });

  it('survives an invitation cycle', () => {
    const f = invitationForest(2, [{ from: 0, to: 1, time: 1 }, { from: 1, to: 0, time: 2 }], () => false);
    expect(f.roots.length).toBe(1);
  });
});

describe('graph scores', () => {
  it('ranks the person many invite-back edges point to highest', () => {
    const edges: ScoredEdge[] = [];
    for (let v = 1; v <= 6; v++) edges.push({ from: 0, to: v, kind: 'invite' });
    edges.push({ from: 7, to: 8, kind: 'share' });
    edges.push({ from: 8, to: 9, kind: 'transfer' });
    const pr = influenceScores(10, edges);
    const best = pr.indexOf(Math.max(...pr));
    expect(best).toBe(0);
    expect(pr[9]).toBe(0);
  });

  it('finds two dense groups joined by one edge, reproducibly', () => {
    const edges: ScoredEdge[] = [];
    for (const base of [0, 5]) for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push({ from: base + a, to: base + b, kind: 'transfer' });
    edges.push({ from: 0, to: 5, kind: 'share' });
    const c = detectCommunities(10, edges, 7);
    expect(c.count).toBe(2);
    expect(new Set([0, 1, 2, 3, 4].map((v) => c.of[v])).size).toBe(1);
    expect(c.of[0]).not.toBe(c.of[5]);
    expect(detectCommunities(10, edges, 7).of).toEqual(c.of);
  });
});

describe('social-circle candidates', () => {
  it('finds non-anchors tied to anchors and explains the tie', () => {
    // 0, 1, 2 are high-value. 3 invited all three; 4 receives transfers from 0 only but 25,000 元 a month;
    // 5 is tied to one anchor with no money; 6 is an anchor-tied stranger who is not eligible.
    const edges = [
      { from: 3, to: 0, kind: 'invite' as const },
      { from: 3, to: 1, kind: 'invite' as const },
      { from: 3, to: 2, kind: 'invite' as const },
      { from: 0, to: 4, kind: 'transfer' as const },
      { from: 1, to: 5, kind: 'share' as const },
      { from: 2, to: 6, kind: 'share' as const },
    ];
    const inflow = new Float64Array(7);
    inflow[4] = 2_500_000;
    const r = circleCandidates(edges, (v) => v <= 2, (v) => v !== 6, inflow, '高价值客户', 2, 1_000_000);
    expect(r.map((c) => c.node)).toEqual([3, 4]);
    expect(r[0]?.reason).toBe('3 位高价值客户的邀请人');
    expect(r[1]?.reason).toBe('1 位高价值客户的资金往来对象 · 月均转入 ¥2.5 万');
    expect(yuanText(123_456)).toBe('¥1,235');
  });
});
