/**
 * Channel and action words of touch logs, as marketing platforms write them in Chinese or English, mapped to the
 * reach module's codes. Matching is on the trimmed, lower-cased text; unknown words map to null and are counted.
 */
import type { ContactChannel, ExportPreset } from '#shared/api/exportTypes.ts';
import type { ReachAction, ReachChannel } from '#shared/api/reachTypes.ts';

export const CHANNEL_ZH: Readonly<Record<ReachChannel, string>> = {
  push: 'APP推送',
  sms: '短信',
  wechat: '微信',
  mini: '小程序',
  call: '外呼',
  email: '邮件',
};

const CHANNEL_WORDS: readonly (readonly [ReachChannel, readonly string[]])[] = [
  ['push', ['app推送', 'app push', 'push', 'app', '推送', '手机银行推送', 'app消息', '站内信']],
  ['sms', ['短信', 'sms', '短消息', '手机短信']],
  ['wechat', ['微信模板消息', '微信', '公众号', '微信公众号', '模板消息', 'wechat', 'weixin', 'wx']],
  ['mini', ['小程序', '微信小程序', 'mini program', 'miniprogram', 'mini']],
  ['call', ['外呼', '电话', '电话外呼', '电销', 'call', 'outbound call', 'phone call']],
  ['email', ['邮件', '电子邮件', 'email', 'e-mail', 'mail']],
];

/** Levels of a message's outcome: fail < send < deliver < open < click < login < convert. */
export const ACTION_LEVEL = { fail: -1, send: 0, deliver: 1, open: 2, click: 3, login: 4, convert: 5 } as const;
export type TouchAction = keyof typeof ACTION_LEVEL;

const ACTION_WORDS: readonly (readonly [TouchAction, readonly string[]])[] = [
  ['fail', ['发送失败', '失败', '送达失败', '投递失败', 'fail', 'failed', 'bounce', 'bounced', 'undelivered']],
  ['send', ['发送', '已发送', '下发', 'send', 'sent']],
  ['deliver', ['送达', '已送达', '到达', 'deliver', 'delivered']],
  ['open', ['打开', '已读', '阅读', '查看', '接通', 'open', 'opened', 'read', 'view', 'answered']],
  ['click', ['点击', '点击链接', 'click', 'clicked']],
  ['login', ['登录', '登陆', 'login', 'log in', 'logged in']],
  ['convert', ['转化', '申请', '购买', '办理', 'convert', 'converted', 'conversion', 'apply', 'purchase']],
];

/** The words of each action, lower case, as matched. */
export const ACTION_WORDS_OF: Readonly<Record<TouchAction, readonly string[]>> = Object.fromEntries(ACTION_WORDS) as Record<TouchAction, readonly string[]>;

const channelMap = new Map<string, ReachChannel>(CHANNEL_WORDS.flatMap(([c, ws]) => ws.map((w) => [w, c] as const)));
const actionMap = new Map<string, TouchAction>(ACTION_WORDS.flatMap(([a, ws]) => ws.map((w) => [w, a] as const)));

export function channelOfText(text: string | null): ReachChannel | null {
  if (text === null) return null;
  return channelMap.get(text.trim().toLowerCase()) ?? null;
}

export function actionOfText(text: string | null): TouchAction | null {
  if (text === null) return null;
  return actionMap.get(text.trim().toLowerCase()) ?? null;
}

/** True when an outcome of `level` counts as the plan's `action` (a login implies an open). */
export function reaches(level: number, action: ReachAction): boolean {
  return level >= ACTION_LEVEL[action];
}

/** The export preset and compliance channel of a send step's channel. */
export function exportChannel(c: ReachChannel): { readonly preset: ExportPreset; readonly channel: ContactChannel } {
  switch (c) {
    case 'push':
      return { preset: 'push', channel: 'push' };
    case 'sms':
      return { preset: 'sms', channel: 'sms' };
    case 'wechat':
    case 'mini':
      return { preset: 'wechat', channel: 'wechat' };
    case 'call':
      return { preset: 'call', channel: 'call' };
    case 'email':
      return { preset: 'custom', channel: 'other' };
  }
}
