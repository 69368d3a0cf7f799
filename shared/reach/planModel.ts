/**
 * The reach plan (journey) model: validation of a plan's JSON with a path and a Chinese and English message per
 * problem, the day each step happens on, and the built-in first-loan (首贷) template from the bank's article.
 * Checked by hand rather than with a schema library: most checks are on the step graph (targets exist, no cycle,
 * every step reachable, a send happening on one day only), which a schema cannot express.
 */
import { REACH_ACTIONS, REACH_CHANNELS, type PlanProblem, type ReachPlan, type ReachStep } from '#shared/api/reachTypes.ts';

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ID_RE = /^[A-Za-z0-9_-]{1,40}$/;
const HM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const DEFAULT_SEND_TIME = '10:00';
export const MAX_STEPS = 200;

export interface PlanContext {
  /** Registered tag keys; tag steps must name one. Null skips the check (no workspace). */
  readonly knownTags: ReadonlySet<string> | null;
  /** Quiet hours in force when the plan sets none (the workspace compliance settings), or null. */
  readonly quietHours: { readonly start: string; readonly end: string } | null;
}

export interface CheckedPlan {
  readonly plan: ReachPlan | null;
  readonly problems: readonly PlanProblem[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function minutes(hm: string): number {
  const m = HM_RE.exec(hm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : -1;
}

/** True when `hm` is inside the window [start, end) (wrapping past midnight when start > end). */
export function inQuietWindow(q: { readonly start: string; readonly end: string }, hm: string): boolean {
  const s = minutes(q.start);
  const e = minutes(q.end);
  const t = minutes(hm);
  if (s === e) return false;
  return s < e ? t >= s && t < e : t >= s || t < e;
}

/** Targets of a step's outgoing edges, in order. */
export function targetsOf(step: ReachStep): string[] {
  switch (step.type) {
    case 'send':
    case 'tag':
      return [step.next];
    case 'wait':
      return [...(step.branches ?? []).map((b) => b.next), step.next, step.timeout];
    case 'exit':
    case 'handover':
      return [];
  }
}

export function stepLabel(step: ReachStep): string {
  if (step.label !== undefined && step.label.trim() !== '') return step.label;
  switch (step.type) {
    case 'send':
      return `${step.id}: send ${step.channel}`;
    case 'wait':
      return `${step.id}: wait ${step.days}d for ${step.action}`;
    case 'tag':
      return `${step.id}: tag ${step.tag}`;
    case 'exit':
      return `${step.id}: exit`;
    case 'handover':
      return `${step.id}: → ${step.journey}`;
  }
}

/**
 * Validates a plan. Returns the plan (typed) when there is no problem, else null with every problem found.
 * Problems: shape, key, duplicate or unknown step ids, unknown channel/action/tag, bad numbers or times, send
 * times in the quiet hours, cycles, steps not reachable from `start`, sends reachable on different days.
 */
export function checkPlan(raw: unknown, ctx: PlanContext): CheckedPlan {
  const problems: PlanProblem[] = [];
  const bad = (code: PlanProblem['code'], path: string, message: string, zh: string): void => {
    problems.push({ code, path, message, zh });
  };
  if (!isObj(raw)) {
    bad('SHAPE', '', 'A plan must be a JSON object.', '计划必须是 JSON 对象。');
    return { plan: null, problems };
  }
  if (raw.planVersion !== 1) bad('SHAPE', 'planVersion', `planVersion must be 1, got ${JSON.stringify(raw.planVersion)}.`, `planVersion 必须为 1。`);
  if (typeof raw.key !== 'string' || !KEY_RE.test(raw.key)) bad('BAD_KEY', 'key', `key must be 1–64 ASCII letters, digits, "_", "-" or ".", got ${JSON.stringify(raw.key)}.`, '计划编号（key）须为 1–64 位英文字母、数字或 _ - .');
  if (typeof raw.name !== 'string' || raw.name.trim() === '') bad('SHAPE', 'name', 'name must be a non-empty text.', '计划名称不能为空。');
  const entry = raw.entry;
  if (!isObj(entry) || !['segment', 'rule', 'all'].includes(String(entry.type))) bad('ENTRY', 'entry', 'entry must be {"type":"segment","segment":{…}}, {"type":"rule","rule":{…}} or {"type":"all"}.', '入口人群须为已保存客群、圈选规则或全部客户。');
  else if (entry.type === 'segment' && !(isObj(entry.segment) && (typeof entry.segment.id === 'number' || typeof entry.segment.name === 'string'))) bad('ENTRY', 'entry.segment', 'entry.segment must be {"id": n} or {"name": "…"}.', '入口客群须给出编号或名称。');
  else if (entry.type === 'rule' && !isObj(entry.rule)) bad('ENTRY', 'entry.rule', 'entry.rule must be a segment rule object.', '入口规则须为圈选规则对象。');

  const quiet = isObj(raw.quietHours) ? raw.quietHours : null;
  if (raw.quietHours !== undefined) {
    if (!quiet || typeof quiet.start !== 'string' || typeof quiet.end !== 'string' || minutes(quiet.start) < 0 || minutes(quiet.end) < 0) {
      bad('BAD_TIME', 'quietHours', 'quietHours must be {"start":"HH:MM","end":"HH:MM"}.', '免打扰时段须为 {"start":"HH:MM","end":"HH:MM"}。');
    }
  }
  const quietWindow = quiet && typeof quiet.start === 'string' && typeof quiet.end === 'string' && minutes(quiet.start) >= 0 && minutes(quiet.end) >= 0 ? { start: quiet.start, end: quiet.end } : ctx.quietHours;
  if (raw.frequencyCap !== undefined) {
    const c = raw.frequencyCap;
    if (!isObj(c) || !Number.isInteger(c.max) || (c.max as number) < 1 || !Number.isInteger(c.days) || (c.days as number) < 1 || (c.days as number) > 365) {
      bad('BAD_NUMBER', 'frequencyCap', 'frequencyCap must be {"max": integer ≥ 1, "days": 1–365}.', '频次上限须为 {"max": ≥1 的整数, "days": 1–365}。');
    }
  }
  if (raw.holdoutPercent !== undefined && (typeof raw.holdoutPercent !== 'number' || !(raw.holdoutPercent >= 0 && raw.holdoutPercent < 100))) {
    bad('BAD_NUMBER', 'holdoutPercent', `holdoutPercent must be a number from 0 to below 100, got ${JSON.stringify(raw.holdoutPercent)}.`, '对照组比例须在 0 到 100 之间（不含 100）。');
  }

  const steps = Array.isArray(raw.steps) ? (raw.steps as unknown[]) : null;
  if (!steps || steps.length === 0 || steps.length > MAX_STEPS) {
    bad('SHAPE', 'steps', `steps must be a list of 1–${MAX_STEPS} steps.`, `步骤须为 1–${MAX_STEPS} 个。`);
    return { plan: null, problems };
  }
  const ids = new Map<string, number>();
  steps.forEach((s, i) => {
    const path = `steps[${i}]`;
    if (!isObj(s)) {
      bad('SHAPE', path, `${path} must be an object.`, `第 ${i + 1} 步须为对象。`);
      return;
    }
    const id = s.id;
    if (typeof id !== 'string' || !ID_RE.test(id)) {
      bad('SHAPE', `${path}.id`, `${path}.id must be 1–40 ASCII letters, digits, "_" or "-".`, `第 ${i + 1} 步的编号须为 1–40 位英文字母、数字、_ 或 -。`);
      return;
    }
    if (ids.has(id)) bad('DUPLICATE_STEP', `${path}.id`, `Step id "${id}" is used twice (steps[${ids.get(id)}] and ${path}).`, `步骤编号 “${id}” 重复。`);
    else ids.set(id, i);
  });
  const ref = (path: string, target: unknown): void => {
    if (typeof target !== 'string' || !ids.has(target)) bad('UNKNOWN_STEP', path, `${path} points to ${JSON.stringify(target)}, which is not a step id.`, `${path} 指向的步骤 ${JSON.stringify(target)} 不存在。`);
  };
  steps.forEach((s, i) => {
    if (!isObj(s)) return;
    const path = `steps[${i}]`;
    switch (s.type) {
      case 'send':
        if (!REACH_CHANNELS.includes(s.channel as never)) bad('UNKNOWN_CHANNEL', `${path}.channel`, `${path}.channel ${JSON.stringify(s.channel)} is not one of ${REACH_CHANNELS.join(', ')}.`, `第 ${i + 1} 步的渠道 ${JSON.stringify(s.channel)} 无效。`);
        if (s.time !== undefined && (typeof s.time !== 'string' || minutes(s.time) < 0)) bad('BAD_TIME', `${path}.time`, `${path}.time must be HH:MM, got ${JSON.stringify(s.time)}.`, `第 ${i + 1} 步的发送时间须为 HH:MM。`);
        else {
          const time = typeof s.time === 'string' ? s.time : DEFAULT_SEND_TIME;
          if (quietWindow && inQuietWindow(quietWindow, time)) {
            bad('QUIET_HOURS', `${path}.time`, `${path} sends at ${time}, inside the quiet hours ${quietWindow.start}–${quietWindow.end}.`, `第 ${i + 1} 步 ${time} 发送，处于免打扰时段 ${quietWindow.start}–${quietWindow.end}。`);
          }
        }
        ref(`${path}.next`, s.next);
        break;
      case 'wait':
        if (!Number.isInteger(s.days) || (s.days as number) < 0 || (s.days as number) > 90) bad('BAD_NUMBER', `${path}.days`, `${path}.days must be an integer from 0 to 90.`, `第 ${i + 1} 步的等待天数须为 0–90 的整数。`);
        if (!REACH_ACTIONS.includes(s.action as never)) bad('UNKNOWN_ACTION', `${path}.action`, `${path}.action ${JSON.stringify(s.action)} is not one of ${REACH_ACTIONS.join(', ')}.`, `第 ${i + 1} 步等待的行为无效。`);
        if (s.branches !== undefined) {
          if (!Array.isArray(s.branches)) bad('SHAPE', `${path}.branches`, `${path}.branches must be a list.`, `第 ${i + 1} 步的分支须为列表。`);
          else
            (s.branches as unknown[]).forEach((b, j) => {
              if (!isObj(b) || !REACH_CHANNELS.includes(b.channel as never)) bad('UNKNOWN_CHANNEL', `${path}.branches[${j}].channel`, `${path}.branches[${j}] needs a channel of ${REACH_CHANNELS.join(', ')}.`, `第 ${i + 1} 步的分支渠道无效。`);
              ref(`${path}.branches[${j}].next`, isObj(b) ? b.next : undefined);
            });
        }
        ref(`${path}.next`, s.next);
        ref(`${path}.timeout`, s.timeout);
        break;
      case 'tag':
        if (typeof s.tag !== 'string' || (ctx.knownTags !== null && !ctx.knownTags.has(s.tag))) bad('UNKNOWN_TAG', `${path}.tag`, `${path}.tag ${JSON.stringify(s.tag)} is not a registered tag (run the habit tags first).`, `第 ${i + 1} 步的标签 ${JSON.stringify(s.tag)} 未注册。`);
        ref(`${path}.next`, s.next);
        break;
      case 'exit':
        break;
      case 'handover':
        if (typeof s.journey !== 'string' || s.journey.trim() === '') bad('SHAPE', `${path}.journey`, `${path}.journey must name the journey handed over to.`, `第 ${i + 1} 步须写明转交的旅程。`);
        break;
      default:
        bad('SHAPE', `${path}.type`, `${path}.type must be send, wait, tag, exit or handover, got ${JSON.stringify(s.type)}.`, `第 ${i + 1} 步的类型无效。`);
    }
  });
  ref('start', raw.start);
  if (problems.length > 0) return { plan: null, problems };

  const plan = raw as unknown as ReachPlan;
  graphProblems(plan, bad);
  return problems.length > 0 ? { plan: null, problems } : { plan, problems };
}

type Bad = (code: PlanProblem['code'], path: string, message: string, zh: string) => void;

/** Cycles, unreachable steps and sends reachable on two different days. */
function graphProblems(plan: ReachPlan, bad: Bad): void {
  const index = new Map(plan.steps.map((s, i) => [s.id, i]));
  const state = new Map<string, 0 | 1 | 2>();
  const day = new Map<string, number>();
  const visit = (id: string, d: number, trail: string[]): void => {
    const st = plan.steps[index.get(id) ?? -1];
    if (!st) return;
    const known = day.get(id);
    if (known !== undefined && known !== d && st.type === 'send') {
      bad('AMBIGUOUS_DAY', `steps[${index.get(id)}]`, `Step ${id} is reached on day ${known} by one path and day ${d} by another; give each day its own send step.`, `步骤 ${id} 在不同路径上分别于第 ${known} 天和第 ${d} 天到达，请拆分为不同的发送步骤。`);
    }
    if (state.get(id) === 1) {
      bad('CYCLE', `steps[${index.get(id)}]`, `The steps loop back to ${id} (${[...trail, id].join(' → ')}); a journey must end.`, `步骤形成循环（${[...trail, id].join(' → ')}），旅程必须有终点。`);
      return;
    }
    if (state.get(id) === 2 && known === d) return;
    state.set(id, 1);
    if (known === undefined) day.set(id, d);
    const next = st.type === 'wait' ? d + st.days : d;
    for (const t of new Set(targetsOf(st))) visit(t, next, [...trail, id]);
    state.set(id, 2);
  };
  visit(plan.start, 0, []);
  plan.steps.forEach((s, i) => {
    if (!state.has(s.id)) bad('UNREACHABLE_STEP', `steps[${i}]`, `Step ${s.id} cannot be reached from start ${plan.start}.`, `步骤 ${s.id} 无法从起点到达。`);
  });
}

/** Day (after the journey starts) each step is reached on: the sum of the waits before it. Plan must be valid. */
export function stepDays(plan: ReachPlan): Map<string, number> {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const out = new Map<string, number>();
  const queue: [string, number][] = [[plan.start, 0]];
  while (queue.length > 0) {
    const [id, d] = queue.shift() as [string, number];
    if (out.has(id)) continue;
    out.set(id, d);
    const st = byId.get(id);
    if (!st) continue;
    for (const t of targetsOf(st)) queue.push([t, st.type === 'wait' ? d + st.days : d]);
  }
  return out;
}

/**
 * The bank's first-loan (首贷) journey: APP push; no open in 2 days → second push; no open in 2 more days → SMS and
 * WeChat together; WeChat openers are tagged 微信习惯客户 (reached by WeChat next time); who opens nothing is tagged
 * 全渠道未响应(流失客户) and handed to the login-reactivation (登录促活) journey.
 */
export function firstLoanTemplate(): ReachPlan {
  return {
    planVersion: 1,
    key: 'FIRST_LOAN_REACH',
    name: '首贷触达（APP推送 → 再推送 → 短信+微信）',
    description: 'The first-loan offer flow of the bank article, with WeChat openers tagged and non-openers handed to 登录促活.',
    entry: { type: 'rule', rule: { type: 'attr', column: 'pre_approved', op: '=', value: true } },
    start: 'push1',
    frequencyCap: { max: 6, days: 30 },
    holdoutPercent: 10,
    steps: [
      { id: 'push1', type: 'send', label: 'APP推送：首贷额度待领取', channel: 'push', time: '10:00', template: '首贷福利：您有一笔嘉禾快贷额度待领取', next: 'wait1' },
      { id: 'wait1', type: 'wait', label: '等待2天打开', days: 2, action: 'open', next: 'opened', timeout: 'push2' },
      { id: 'push2', type: 'send', label: 'APP再推送', channel: 'push', time: '10:00', template: '额度即将失效，点击领取首贷福利', next: 'wait2' },
      { id: 'wait2', type: 'wait', label: '再等2天打开', days: 2, action: 'open', next: 'opened', timeout: 'sms' },
      { id: 'sms', type: 'send', label: '短信', channel: 'sms', time: '10:00', template: '【嘉禾银行】您已获嘉禾快贷预授信额度，登录手机银行即可申请，拒收请回复R', next: 'wechat' },
      { id: 'wechat', type: 'send', label: '微信模板消息', channel: 'wechat', time: '10:00', template: '额度到账提醒：嘉禾快贷预授信', next: 'wait3' },
      { id: 'wait3', type: 'wait', label: '等待3天打开', days: 3, action: 'open', branches: [{ channel: 'wechat', next: 'tagWechat' }], next: 'opened', timeout: 'tagLost' },
      { id: 'tagWechat', type: 'tag', label: '标记微信习惯客户', tag: 'reach_pref_wechat', next: 'wechatNext' },
      { id: 'wechatNext', type: 'exit', label: '下次通过微信触达' },
      { id: 'tagLost', type: 'tag', label: '标记全渠道未响应(流失客户)', tag: 'reach_unreachable', next: 'reactivate' },
      { id: 'reactivate', type: 'handover', label: '转入登录促活', journey: '登录促活' },
      { id: 'opened', type: 'exit', label: '已打开，进入申请' },
    ],
  };
}
