import { describe, expect, it } from 'vitest';
import type { ReachPlan } from '#shared/api/reachTypes.ts';
import { checkPlan, firstLoanTemplate, inQuietWindow, stepDays } from './planModel.ts';

const ctx = { knownTags: new Set(['reach_pref_wechat', 'reach_unreachable']), quietHours: { start: '21:00', end: '08:00' } };

describe('checkPlan', () => {
  it('accepts the first-loan template and dates its steps by the waits before them', () => {
    const c = checkPlan(firstLoanTemplate(), ctx);
    expect(c.problems).toEqual([]);
    const days = stepDays(firstLoanTemplate());
    expect(days.get('push1')).toBe(0);
    expect(days.get('push2')).toBe(2);
    expect(days.get('sms')).toBe(4);
    expect(days.get('wechat')).toBe(4);
    expect(days.get('tagLost')).toBe(7);
  });

  it('names each problem with its path: unknown target, channel, tag, quiet hours', () => {
    const p = firstLoanTemplate();
    const broken = {
      ...p,
      steps: p.steps.map((s) => {
        if (s.id === 'push1') return { ...s, time: '22:30' };
        if (s.id === 'push2') return { ...s, channel: 'fax' };
        if (s.id === 'tagWechat') return { ...s, tag: 'no_such_tag' };
        if (s.id === 'wait1') return { ...s, timeout: 'nowhere' };
        return s;
      }),
    };
    const c = checkPlan(broken, ctx);
    expect(c.plan).toBeNull();
    const byCode = Object.fromEntries(c.problems.map((x) => [x.code, x.path]));
    expect(byCode).toMatchObject({ QUIET_HOURS: 'steps[0].time', UNKNOWN_CHANNEL: 'steps[2].channel', UNKNOWN_TAG: 'steps[7].tag', UNKNOWN_STEP: 'steps[1].timeout' });
    expect(c.problems.every((x) => x.message.length > 0 && x.zh.length > 0)).toBe(true);
  });

  it('finds cycles and steps that cannot be reached', () => {
    const plan: ReachPlan = {
      planVersion: 1,
      key: 'LOOP',
      name: 'loop',
      entry: { type: 'all' },
      start: 'a',
      steps: [
        { id: 'a', type: 'send', channel: 'sms', next: 'w' },
        { id: 'w', type: 'wait', days: 1, action: 'open', next: 'end', timeout: 'a' },
        { id: 'end', type: 'exit' },
        { id: 'orphan', type: 'exit' },
      ],
    };
    const codes = checkPlan(plan, ctx).problems.map((x) => x.code);
    expect(codes).toContain('CYCLE');
    expect(codes).toContain('UNREACHABLE_STEP');
  });

  it('rejects a non-object, a bad key, version and holdout', () => {
    expect(checkPlan(null, ctx).problems[0]?.code).toBe('SHAPE');
    const c = checkPlan({ ...firstLoanTemplate(), key: 'has space', planVersion: 2, holdoutPercent: 100 }, ctx);
    expect(c.problems.map((x) => x.code).sort()).toEqual(['BAD_KEY', 'BAD_NUMBER', 'SHAPE']);
  });
});

describe('inQuietWindow', () => {
  it('wraps past midnight', () => {
    const q = { start: '21:00', end: '08:00' };
    expect(inQuietWindow(q, '22:00')).toBe(true);
    expect(inQuietWindow(q, '07:59')).toBe(true);
    expect(inQuietWindow(q, '08:00')).toBe(false);
    expect(inQuietWindow({ start: '12:00', end: '13:00' }, '12:30')).toBe(true);
  });
});
