/**
 * The columns an audience file can have, the channel presets built from them, and the SMS template variables.
 * Person fields come from the customer's own rows (customers, channel identities, events, touches) through
 * identity_map; `profile.*` columns from the customer wide table `customer_profile` when it has been built.
 */
import type { ContactChannel, ExportColumnDef, ExportPreset, ExportPresetDef } from '#shared/api/exportTypes.ts';
import type { PiiType } from '#shared/model/entities.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';

/** Fields of one person the audience reader fills (see audienceReader.ts). */
export const PERSON_FIELDS = [
  'cust_no',
  'name',
  'gender',
  'age',
  'id_no',
  'phone',
  'email',
  'province',
  'city',
  'district',
  'branch',
  'manager',
  'vip_level',
  'risk_level',
  'aum_fen',
  'openid',
  'unionid',
  'device_id',
  'app_user_id',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export interface ColumnSpec extends ExportColumnDef {
  /** The person field the value comes from; null for ONE_ID, derived and profile columns. */
  readonly field: PersonField | null;
  /** Money stored in fen, written in yuan. */
  readonly yuan?: boolean;
}

const col = (key: string, zh: string, en: string, group: ExportColumnDef['group'], field: PersonField | null, pii: PiiType | null = null, yuan = false): ColumnSpec =>
  yuan ? { key, zh, en, group, field, pii, yuan } : { key, zh, en, group, field, pii };

export const BASE_COLUMNS: readonly ColumnSpec[] = [
  col('one_id', 'ONE_ID', 'ONE_ID', 'identity', null),
  col('cust_no', '客户号', 'Customer number', 'identity', 'cust_no'),
  col('name', '姓名', 'Name', 'identity', 'name', 'name'),
  col('phone', '手机号', 'Mobile phone', 'contact', 'phone', 'phone'),
  col('id_no', '证件号码', 'ID number', 'identity', 'id_no', 'id_no'),
  col('email', '电子邮箱', 'Email', 'contact', 'email', 'email'),
  col('openid', 'OpenID', 'OpenID', 'contact', 'openid', 'openid'),
  col('unionid', 'UnionID', 'UnionID', 'contact', 'unionid', 'unionid'),
  col('device_id', '设备号', 'Device id', 'contact', 'device_id', 'device_id'),
  col('app_user_id', 'APP用户ID', 'App user id', 'contact', 'app_user_id'),
  col('gender', '性别', 'Gender', 'attribute', 'gender'),
  col('age', '年龄', 'Age', 'attribute', 'age'),
  col('province', '省份', 'Province', 'attribute', 'province'),
  col('city', '城市', 'City', 'attribute', 'city'),
  col('district', '区县', 'District', 'attribute', 'district'),
  col('branch', '所属网点', 'Branch', 'attribute', 'branch'),
  col('manager', '客户经理', 'Relationship manager', 'attribute', 'manager'),
  col('vip_level', '客户等级', 'Customer level', 'attribute', 'vip_level'),
  col('risk_level', '风险测评等级', 'Risk assessment level', 'attribute', 'risk_level'),
  col('aum_yuan', '资产余额(元)', 'AUM (yuan)', 'attribute', 'aum_fen', null, true),
];

/** Salted SHA-256 columns, present when hashing is chosen; they take the place of the raw column. */
export const HASH_COLUMNS: Readonly<Record<'phone' | 'id_no', ColumnSpec>> = {
  phone: col('phone_sha256', '手机号SHA256', 'Mobile SHA-256', 'derived', 'phone'),
  id_no: col('id_no_sha256', '证件号码SHA256', 'ID number SHA-256', 'derived', 'id_no'),
};

export const SMS_TEXT_COLUMN: ColumnSpec = col('sms_text', '短信内容', 'SMS text', 'derived', null);

/** Profile columns offered for custom exports: everything but personal data and the keys already above. */
export const PROFILE_EXPORT_COLUMNS: readonly ColumnSpec[] = PROFILE_COLUMNS.filter((p) => !p.pii && p.name !== 'one_id' && p.name !== 'cust_no').map((p) =>
  col(`profile.${p.name}`, p.zh, p.en, 'profile', null, null, p.type === 'money'),
);

export const PRESETS: readonly ExportPresetDef[] = [
  { preset: 'sms', channel: 'sms', columns: ['one_id', 'phone', 'name'], requires: ['phone'] },
  { preset: 'wechat', channel: 'wechat', columns: ['one_id', 'openid', 'unionid', 'name'], requires: ['openid', 'unionid'] },
  { preset: 'push', channel: 'push', columns: ['one_id', 'app_user_id', 'device_id'], requires: ['app_user_id', 'device_id'] },
  { preset: 'call', channel: 'call', columns: ['one_id', 'cust_no', 'name', 'gender', 'age', 'phone', 'city', 'branch', 'manager', 'vip_level'], requires: ['phone'] },
  { preset: 'custom', channel: 'other', columns: ['one_id', 'cust_no', 'name'], requires: [] },
];

export function presetDef(preset: ExportPreset): ExportPresetDef {
  const p = PRESETS.find((x) => x.preset === preset);
  if (!p) throw new Error(`unknown preset ${preset}`);
  return p;
}

export function channelOf(preset: ExportPreset, custom: ContactChannel | undefined): ContactChannel {
  return preset === 'custom' ? (custom ?? 'other') : presetDef(preset).channel;
}

const byKey = new Map<string, ColumnSpec>([...BASE_COLUMNS, ...PROFILE_EXPORT_COLUMNS, ...Object.values(HASH_COLUMNS), SMS_TEXT_COLUMN].map((c) => [c.key, c]));

export function columnSpec(key: string): ColumnSpec | undefined {
  return byKey.get(key);
}

/** SMS template variables: `{姓名}` or `{name}`; masked like their column unless the export is unmasked. */
export interface TemplateVariable {
  readonly name: string;
  readonly alias: string;
  readonly zh: string;
  readonly en: string;
}

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  { name: '姓名', alias: 'name', zh: '客户姓名（脱敏时如 张*）', en: 'Name (masked as 张* unless revealed)' },
  { name: '姓', alias: 'surname', zh: '姓氏', en: 'Surname' },
  { name: '称谓', alias: 'title', zh: '先生/女士（按性别）', en: '先生/女士 by gender' },
  { name: '产品', alias: 'product', zh: '营销产品名称', en: 'Product name' },
  { name: '客户经理', alias: 'manager', zh: '客户经理', en: 'Relationship manager' },
  { name: '网点', alias: 'branch', zh: '所属网点', en: 'Branch' },
  { name: '城市', alias: 'city', zh: '城市', en: 'City' },
  { name: '客户等级', alias: 'level', zh: '客户等级', en: 'Customer level' },
];
