/**
 * 营销免打扰 / 拒绝营销 lists (table `dnd_list`, imported like any other file): the identifiers that apply to one
 * export, by channel scope and validity on the planned date. Identifiers were normalised at import by the same
 * parsers as the customer tables, so matching is exact.
 */
import type { ContactChannel } from '#shared/api/exportTypes.ts';
import type { Db } from '#shared/db/database.ts';

/** Identifier columns of `dnd_list`, each matched against the same kind of identifier of a customer. */
export const DND_ID_TYPES = ['phone', 'id_no', 'cust_no', 'openid', 'unionid', 'device_id', 'app_user_id', 'email'] as const;
export type DndIdType = (typeof DND_ID_TYPES)[number];

const SCOPES: readonly (readonly [RegExp, ContactChannel | 'all'])[] = [
  [/^(?:全部|所有|全渠道|全部渠道|all|any|\*)$/i, 'all'],
  [/短信|sms|彩信|message/i, 'sms'],
  [/微信|公众号|小程序|企微|wechat|weixin/i, 'wechat'],
  [/推送|push|app|手机银行|站内信/i, 'push'],
  [/外呼|电话|电销|呼叫|语音|call|phone|tel/i, 'call'],
];

/**
 * The channel an entry's scope text names; empty means all channels. Text naming no known channel is read as
 * all channels: a refusal the workbench cannot place is honoured everywhere rather than nowhere.
 */
export function channelScope(text: string | null | undefined): ContactChannel | 'all' {
  const v = (text ?? '').trim();
  if (v === '') return 'all';
  for (const [re, scope] of SCOPES) if (re.test(v)) return scope;
  return 'all';
}

export interface DndIndex {
  /** Entries that apply (in scope and valid on the date), whether or not they match anyone. */
  readonly entries: number;
  has(type: DndIdType, value: string): boolean;
}

/**
 * The DND entries that apply to a contact on `channel` on `date` (`YYYY-MM-DD`): valid (`valid_from` on or
 * before, `valid_to` on or after, either may be empty) and scoped to all channels or to this one. A `custom`
 * export on channel `other` honours every scope.
 */
export function loadDndIndex(db: Db, channel: ContactChannel, date: string): DndIndex {
  const sets = new Map<DndIdType, Set<string>>(DND_ID_TYPES.map((t) => [t, new Set<string>()]));
  let entries = 0;
  const cols = DND_ID_TYPES.join(', ');
  db.each(
    `SELECT channel, ${cols} FROM dnd_list WHERE (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)`,
    [date, date],
    (row) => {
      const scope = channelScope(typeof row[0] === 'string' ? row[0] : null);
      if (channel !== 'other' && scope !== 'all' && scope !== channel) return;
      entries++;
      DND_ID_TYPES.forEach((t, i) => {
        const v = row[i + 1];
        if (typeof v === 'string' && v !== '') sets.get(t)?.add(v);
        else if (typeof v === 'number') sets.get(t)?.add(String(v));
      });
    },
  );
  return { entries, has: (type, value) => sets.get(type)?.has(value) ?? false };
}

/** Rows of the imported DND lists. */
export function dndRowCount(db: Db): number {
  return Number(db.value('SELECT count(*) FROM dnd_list') ?? 0);
}
