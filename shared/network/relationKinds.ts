/**
 * What a relation row is, from the words exports use for it: an invitation (邀请注册, 推荐开户), a share
 * (分享, 转发) or a transfer between customers (转账, 汇款, 资金往来). Also which identifier an endpoint is,
 * from an optional type column kept beside the canonical ones (发起方类型 = 客户号 / APP用户号 / 手机号 …).
 */
import type { RelationKind } from '#shared/api/behaviourTypes.ts';

export function relationKind(label: string): RelationKind {
  if (/邀请|推荐|引荐|拉新|invite|referr/i.test(label)) return 'invite';
  if (/分享|转发|share|forward/i.test(label)) return 'share';
  if (/转账|汇款|资金|转入|转出|红包|transfer|remit|payment/i.test(label)) return 'transfer';
  return 'other';
}

/** Identifier types a relation endpoint can be, in the order they are tried when the row does not say. */
export const ENDPOINT_TYPES = ['cust_no', 'app_user_id', 'phone', 'unionid', 'openid'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

export function endpointTypeOfLabel(label: string): EndpointType | null {
  if (/客户号|客户编号|cust/i.test(label)) return 'cust_no';
  if (/app|用户号|用户id|user/i.test(label)) return 'app_user_id';
  if (/手机|电话|phone|mobile/i.test(label)) return 'phone';
  if (/unionid/i.test(label)) return 'unionid';
  if (/openid/i.test(label)) return 'openid';
  return null;
}

/**
 * Endpoint type hints from a row's raw extra columns (JSON object): a column whose name says 发起方/邀请人/from
 * and 类型/type gives the from type; 接收方/被邀请人/to the to type.
 */
export function endpointHints(extra: string): { from: EndpointType | null; to: EndpointType | null } {
  if (extra === '' || extra[0] !== '{') return { from: null, to: null };
  let obj: unknown;
  try {
    obj = JSON.parse(extra);
  } catch {
    return { from: null, to: null };
  }
  let from: EndpointType | null = null;
  let to: EndpointType | null = null;
  if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
      if (typeof v !== 'string' || !/类型|type/i.test(k)) continue;
      if (/接收|被邀请|受邀|收款|转入|to|receiver|invitee/i.test(k)) to ??= endpointTypeOfLabel(v);
      else if (/发起|邀请|分享|付款|转出|from|sender|inviter/i.test(k)) from ??= endpointTypeOfLabel(v);
    }
  }
  return { from, to };
}
