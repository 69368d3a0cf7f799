import { describe, expect, it } from 'vitest';
import { eventStoreOf, formatEventTime, parseEventTime } from './eventStore.ts';
import { funnel } from './funnel.ts';
import { customerScores, INTEREST_TOPICS, topicMap, topTopic } from './interest.ts';
import { OTHER_EVENT, paths } from './paths.ts';
import { retention } from './retention.ts';
import { sessionSummary } from './sessions.ts';
import { mondayOf, trends } from './trends.ts';
import { dayNumber } from '#shared/analytics/days.ts';

const AS_OF = '2024-06-30';

describe('event store', () => {
  it('parses and formats times and sorts each customer by time', () => {
    expect(formatEventTime(parseEventTime('2024-06-30 23:59:58'))).toBe('2024-06-30 23:59:58');
    expect(Number.isNaN(parseEventTime('30/06/2024'))).toBe(true);
    const s = eventStoreOf(['A', 'B'], AS_OF, [
      [1, '2024-06-02 10:00:00', 'y'],
      [0, '2024-06-03 10:00:00', 'b'],
      [0, '2024-06-01 10:00:00', 'a'],
      [-1, '2024-06-01 10:00:00', 'a'],
      [1, 'bad', 'x'],
    ]);
    expect(Array.from(s.offsets)).toEqual([0, 2, 3]);
    expect([s.names[s.name[0] ?? 0], s.names[s.name[1] ?? 0]]).toEqual(['a', 'b']);
    expect(s.stats).toEqual({ rows: 5, owned: 3, undated: 1 });
  });
});

describe('sessions', () => {
  it('splits on gaps longer than the configured minutes', () => {
    const s = eventStoreOf(['A'], AS_OF, [
      [0, '2024-06-01 10:00:00', 'a'],
      [0, '2024-06-01 10:20:00', 'b'],
      [0, '2024-06-01 11:00:00', 'c'],
    ]);
    expect(sessionSummary(s, 30)).toMatchObject({ sessions: 2, meanEvents: 1.5, meanSeconds: 600, perCustomer: 2 });
    expect(sessionSummary(s, 45).sessions).toBe(1);
  });
});

describe('funnel', () => {
  const store = eventStoreOf(['A', 'B', 'C', 'D'], AS_OF, [
    // A: a → b → c within a day: full conversion.
    [0, '2024-06-10 10:00:00', 'a', 'app'],
    [0, '2024-06-10 11:00:00', 'b', 'app'],
    [0, '2024-06-11 10:00:00', 'c', 'app'],
    // B: c before a does not count; a → b, then c 10 days later, outside the 7-day window.
    [1, '2024-06-01 09:00:00', 'c', 'web'],
    [1, '2024-06-02 10:00:00', 'a', 'web'],
    [1, '2024-06-02 12:00:00', 'b', 'web'],
    [1, '2024-06-12 10:00:00', 'c', 'web'],
    // C: an early a whose window closed, then a later a → b → c: the later start converts.
    [2, '2024-06-01 10:00:00', 'a', 'app'],
    [2, '2024-06-09 10:00:00', 'b', 'app'],
    [2, '2024-06-09 11:00:00', 'a', 'web'],
    [2, '2024-06-10 11:00:00', 'b', 'web'],
    [2, '2024-06-10 12:00:00', 'c', 'web'],
    // D: b and c only: never enters.
    [3, '2024-06-10 10:00:00', 'b'],
    [3, '2024-06-10 11:00:00', 'c'],
  ]);

  it('counts ordered steps within the window, per step and by start channel', () => {
    const r = funnel(store, { steps: ['a', 'b', 'c'], windowSeconds: 7 * 86_400, days: 90, groupBy: 'channel' });
    expect(r.steps.map((s) => s.customers)).toEqual([3, 3, 2]);
    expect(r.steps[2]?.fromPrevious).toBeCloseTo(2 / 3);
    expect(r.steps[1]?.medianSeconds).toBe(7200); // A 1 h, B 2 h, C 24 h → median 2 h
    const web = r.groups.find((g) => g.key === 'web');
    expect(web?.steps.map((s) => s.customers)).toEqual([2, 2, 1]);
  });

  it('applies the analysis period to the first step only', () => {
    const r = funnel(store, { steps: ['a', 'b'], windowSeconds: 86_400, days: 25 });
    // Period starts 2024-06-06: A (06-10) and C (06-09 11:00) enter; B's a on 06-02 is before the period.
    expect(r.steps.map((s) => s.customers)).toEqual([2, 2]);
  });

  it('does not let one event serve two steps', () => {
    const s = eventStoreOf(['A'], AS_OF, [[0, '2024-06-10 10:00:00', 'x']]);
    expect(funnel(s, { steps: ['x', 'x'] }).steps.map((x) => x.customers)).toEqual([1, 0]);
  });
});

describe('retention', () => {
  it('builds a cohort × week matrix counted back from the as-of date', () => {
    // Weeks back from 2024-06-30: q0 = 06-24…06-30, q1 = 06-17…06-23, q2 = 06-10…06-16.
    const s = eventStoreOf(['A', 'B', 'C'], AS_OF, [
      [0, '2024-06-10 10:00:00', 'open'], // A joins q2
      [0, '2024-06-18 10:00:00', 'buy'], // back 1 week later
      [0, '2024-06-25 10:00:00', 'buy'], // and 2 weeks later
      [1, '2024-06-12 10:00:00', 'open'], // B joins q2, never back
      [2, '2024-06-20 10:00:00', 'open'], // C joins q1
      [2, '2024-06-21 10:00:00', 'buy'], // same week: not a return
    ]);
    const r = retention(s, { cohortEvent: 'open', returnEvent: 'buy', period: 'week', cohorts: 3 });
    expect(r.cohorts.map((c) => c.start)).toEqual(['2024-06-10', '2024-06-17', '2024-06-24']);
    expect(r.cohorts.map((c) => c.size)).toEqual([2, 1, 0]);
    expect(r.cohorts[0]?.retained).toEqual([1, 1]);
    expect(r.cohorts[1]?.retained).toEqual([0, null]);
    expect(r.cohorts[2]?.retained).toEqual([null, null]);
  });
});

describe('paths', () => {
  it('counts next events level by level and merges the rest into 其他', () => {
    const rows: [number, string, string][] = [];
    const seqs = [['home', 'fund', 'buy'], ['home', 'fund', 'exit'], ['home', 'loan'], ['home', 'card'], ['login', 'home']];
    seqs.forEach((seq, c) => seq.forEach((nm, k) => rows.push([c, `2024-06-10 10:0${k}:00`, nm])));
    const s = eventStoreOf(['A', 'B', 'C', 'D', 'E'], AS_OF, rows);
    const r = paths(s, { start: 'home', depth: 2, top: 2 });
    expect(r.paths).toBe(5);
    const node = (id: string): number | undefined => r.nodes.find((n) => n.id === id)?.count;
    expect(node('0:home')).toBe(5);
    expect(node('1:fund')).toBe(2);
    // loan and card tie with one path each: the lower event code (loan, seen first) is kept, card → 其他.
    expect(node('1:loan')).toBe(1);
    expect(node(`1:${OTHER_EVENT}`)).toBe(1);
    expect(node('2:buy')).toBe(1);
    expect(r.links.find((l) => l.source === '0:home' && l.target === '1:fund')?.value).toBe(2);
  });
});

describe('trends', () => {
  it('counts rows and distinct customers per Monday-based week', () => {
    expect(mondayOf(dayNumber('2024-06-30'))).toBe(dayNumber('2024-06-24'));
    const s = eventStoreOf(['A', 'B'], AS_OF, [
      [0, '2024-06-24 10:00:00', 'login'],
      [0, '2024-06-25 10:00:00', 'login'],
      [1, '2024-06-30 10:00:00', 'login'],
      [1, '2024-06-20 10:00:00', 'login'],
    ]);
    const r = trends(s, { events: ['login'], granularity: 'week', days: 11 });
    expect(r.buckets).toEqual(['2024-06-17', '2024-06-24']);
    expect(r.series[0]?.rows).toEqual([1, 3]);
    expect(r.series[0]?.customers).toEqual([1, 2]);
  });
});

describe('interest scores', () => {
  it('halves an event weight every half-life and ranks recent interest first', () => {
    const s = eventStoreOf(['A'], AS_OF, [
      [0, '2023-06-30 00:00:00', '浏览基金'],
      [0, '2024-06-29 00:00:00', '浏览理财'],
      [0, '2024-06-29 00:00:00', '购买理财'],
    ]);
    const map = topicMap(s);
    const out = new Float64Array(INTEREST_TOPICS.length);
    customerScores(s, map, 0, dayNumber(AS_OF), 1, out);
    const fund = INTEREST_TOPICS.findIndex((t) => t.key === 'fund');
    const wealth = INTEREST_TOPICS.findIndex((t) => t.key === 'wealth');
    // Two days old with a one-day half-life: (1 + 3) × 0.25.
    expect(out[wealth]).toBeCloseTo(1);
    expect(out[fund]).toBeLessThan(1e-9);
    expect(topTopic(out)).toBe(wealth);
    // A year earlier the fund browse was fresh.
    customerScores(s, map, 0, dayNumber('2023-06-30'), 1, out);
    expect(out[fund]).toBeCloseTo(0.5);
    expect(topTopic(out)).toBe(fund);
  });
});
