/**
 * Which channel a record was seen in, from the words systems use for themselves (来源系统, 渠道, 平台).
 */
import type { IdentityChannel } from '#shared/api/identityTypes.ts';

/** Ordered: the first rule whose pattern matches wins (微信小程序 is a mini-program before it is WeChat). */
const RULES: readonly (readonly [RegExp, IdentityChannel])[] = [
  [/小程序|mini ?program|miniapp/i, 'mini_program'],
  [/公众号|服务号|订阅号|official|微信|wechat|weixin/i, 'official_account'],
  [/手机银行|app|ios|android|安卓|鸿蒙|harmony|移动端/i, 'app'],
  [/网银|pc|web|h5|网页|官网|浏览器|browser/i, 'web'],
  [/网点|柜面|柜台|branch|counter|大堂|叫号|营业厅/i, 'branch'],
  [/crm|客户关系/i, 'crm'],
  [/电话|客服|热线|呼叫|call|95\d{3}|400/i, 'call_centre'],
  [/核心|core|ecif|cif/i, 'core'],
];

/** The channel named by a source-system or channel label, or null when no rule matches. */
export function channelOfLabel(label: string | null): IdentityChannel | null {
  if (!label) return null;
  for (const [re, c] of RULES) if (re.test(label)) return c;
  return null;
}
