/**
 * Names of the engine's ONE_ID codes (channels, sources, identifier types, link methods, comparison levels) in
 * the current language. Codes the catalogs do not know are shown as they are, never hidden.
 */
import type { TFunction } from 'i18next';
import type { IdentifierType, IdentityChannel } from '#shared/api/identityTypes.ts';

/** Every identifier type in the engine's default priority order; the Record makes a new type a compile error here. */
const TYPE_ORDER = {
  cust_no: 0,
  id_card: 1,
  foreign_permanent: 2,
  passport: 3,
  hk_macau_permit: 4,
  taiwan_permit: 5,
  uscc: 6,
  card_no: 7,
  unionid: 8,
  app_user_id: 9,
  phone: 10,
  email: 11,
  openid: 12,
  device_id: 13,
  cookie_id: 14,
} satisfies Record<IdentifierType, number>;

export const IDENTIFIER_TYPES = Object.keys(TYPE_ORDER) as readonly IdentifierType[];

const CHANNEL_ORDER = {
  core: 0,
  branch: 1,
  app: 2,
  web: 3,
  official_account: 4,
  mini_program: 5,
  crm: 6,
  call_centre: 7,
  other: 8,
} satisfies Record<IdentityChannel, number>;

export const CHANNELS = Object.keys(CHANNEL_ORDER) as readonly IdentityChannel[];

const SOURCES = ['customer', 'event', 'touch', 'note'] as const;
const METHODS = ['deterministic', 'probabilistic', 'review', 'source_key', 'single'] as const;
const FIELDS = ['name', 'birth_date', 'area', 'email', 'province', 'city', 'district', 'address', 'channel'] as const;
const LEVELS = ['exact', 'pinyin', 'similar', 'close', 'different', 'district', 'city', 'missing'] as const;

function oneOf<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}

export function isIdentifierType(v: string | null): v is IdentifierType {
  return v !== null && oneOf(IDENTIFIER_TYPES, v);
}

/** A channel's name; null is a record seen in no channel (an outbound touch). */
export function channelLabel(t: TFunction, channel: IdentityChannel | null): string {
  return channel === null ? t('identity.channel.none') : t(`identity.channel.${channel}`);
}

/** The engine's own sources (核心客户, 行为事件 …) by name; a 来源系统 value as imported (手机银行, CRM …) as it is. */
export function sourceLabel(t: TFunction, source: string): string {
  return oneOf(SOURCES, source) ? t(`identity.source.${source}`) : source;
}

export function idTypeLabel(t: TFunction, type: string | null): string {
  if (type === null) return '';
  return isIdentifierType(type) ? t(`identity.idType.${type}`) : type;
}

/** How a record joined its person or how an edge was made: an identifier type, or a method code. */
export function methodLabel(t: TFunction, method: string): string {
  if (isIdentifierType(method)) return t(`identity.idType.${method}`);
  return oneOf(METHODS, method) ? t(`identity.method.${method}`) : method;
}

export function fieldLabel(t: TFunction, field: string): string {
  if (oneOf(FIELDS, field)) return t(`identity.field.${field}`);
  return isIdentifierType(field) ? t(`identity.idType.${field}`) : field;
}

export function levelLabel(t: TFunction, level: string): string {
  return oneOf(LEVELS, level) ? t(`identity.level.${level}`) : level;
}

/** A 0–1 share as a percentage with one decimal. */
export function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}
