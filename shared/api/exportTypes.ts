/**
 * Types of audience export (客群导出, shared/export) and marketing compliance (营销合规, shared/compliance): what
 * an export is asked for, the compliance summary shown before it runs, the file and manifest it produces, the
 * export log, and the workspace's compliance settings.
 */
import type { PiiType } from '#shared/model/entities.ts';

/** Channel presets: the columns a channel's platform takes, and the identifier a customer must have for it. */
export type ExportPreset = 'sms' | 'wechat' | 'push' | 'call' | 'custom';
export type ExportFormat = 'csv' | 'xlsx';
/** CSV text encoding: UTF-8 with BOM (Excel/WPS detect it) or GBK (legacy systems, Excel in the system code page). */
export type CsvEncoding = 'utf8-bom' | 'gbk';
/** The channel a contact goes out on; DND entries and contact caps are scoped by it. */
export type ContactChannel = 'sms' | 'wechat' | 'push' | 'call' | 'other';
/** Identifiers that can be exported as a salted SHA-256 for matching with a partner. */
export type HashableField = 'phone' | 'id_no';
export type HeaderLanguage = 'zh' | 'en';

/**
 * Why a segment member is not in the file, in the order the rules are checked: a customer is counted under the
 * first rule that excludes them, so the counts add up to the excluded total.
 */
export type ExclusionReason =
  | 'deceased'
  | 'closed'
  | 'frozen'
  | 'minor'
  | 'staff'
  | 'dnd'
  | 'risk_unassessed'
  | 'risk_expired'
  | 'risk_below_product'
  | 'contact_cap_7d'
  | 'contact_cap_30d'
  | 'no_contact';

export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  'deceased',
  'closed',
  'frozen',
  'minor',
  'staff',
  'dnd',
  'risk_unassessed',
  'risk_expired',
  'risk_below_product',
  'contact_cap_7d',
  'contact_cap_30d',
  'no_contact',
];

/** A saved segment by id, or by its (unique) name as the CLI takes it. */
export type SegmentRef = { readonly id: number } | { readonly name: string };

/** What to export and under which rules; shared by the preview and the export itself. */
export interface AudienceSpec {
  readonly segment: SegmentRef;
  readonly preset: ExportPreset;
  /** Column keys for the `custom` preset (ONE_ID is always first); ignored by the channel presets. */
  readonly columns?: readonly string[];
  /** Channel of a `custom` export (default `other`); the channel presets imply theirs. */
  readonly channel?: ContactChannel;
  /** SMS text with variables such as `{姓名}` and `{产品}`, rendered per row into the 短信内容 column. */
  readonly smsTemplate?: string;
  /** Product marketed: its risk level drives suitability, its name fills `{产品}`. */
  readonly productCode?: string;
  /** When the contact is planned, `YYYY-MM-DD HH:MM[:SS]`; default the as-of date at the end of quiet hours. */
  readonly plannedAt?: string;
  /** Campaign key: recorded in the export log, seeds the holdout, and groups re-exports of one campaign. */
  readonly campaignKey?: string;
  /** Share of eligible customers held out as a control group, 0 < p < 100; needs `campaignKey`. */
  readonly holdoutPercent?: number;
  /** Reveals personal data in the file; the reason is written to the audit log. Masked otherwise. */
  readonly unmask?: { readonly reason: string };
  /** Adds salted SHA-256 columns (in place of the raw column). The salt is never stored or logged. */
  readonly hash?: { readonly salt: string; readonly fields: readonly HashableField[] };
}

export interface AudienceExportArgs extends AudienceSpec {
  readonly format: ExportFormat;
  /** CSV only; default `utf8-bom`. */
  readonly encoding?: CsvEncoding;
  /** Language of the header row; default `zh`. */
  readonly headerLanguage?: HeaderLanguage;
  /** File name recorded in the manifest and suggested for download. */
  readonly fileName?: string;
}

/**
 * Segment size and where its members went. Invariants: `segment = excluded + eligible`,
 * `eligible = holdout + exported`, and `excluded` is the sum of `excludedByReason`.
 */
export interface ExportCounts {
  readonly segment: number;
  readonly excluded: number;
  /** Each excluded customer under the first rule that excluded them. */
  readonly excludedByReason: Readonly<Partial<Record<ExclusionReason, number>>>;
  /** Customers each rule matches on its own (a customer may match several). */
  readonly matchedByRule: Readonly<Partial<Record<ExclusionReason, number>>>;
  readonly eligible: number;
  readonly holdout: number;
  readonly exported: number;
}

/** Something that stops an export, or that the analyst should know, with a code the UI translates. */
export interface ExportProblem {
  readonly code:
    | 'quiet_hours'
    | 'holdout_needs_campaign'
    | 'holdout_range'
    | 'template_variable'
    | 'template_missing'
    | 'unknown_column'
    | 'unknown_product'
    | 'product_without_risk'
    | 'unmask_needs_reason'
    | 'salt_missing'
    | 'planned_at_invalid'
    | 'no_as_of';
  readonly level: 'error' | 'warning';
  /** English, technical: what and where (the CLI prints it; the UI shows it under the translated text). */
  readonly message: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface ExportColumnView {
  readonly key: string;
  readonly header: string;
  /** How the values were written: as stored, masked, revealed (unmasked), or as a salted SHA-256. */
  readonly treatment: 'plain' | 'masked' | 'unmasked' | 'salted_sha256';
}

export interface ExportPreview {
  readonly counts: ExportCounts;
  readonly columns: readonly ExportColumnView[];
  /** The first rows as they would be written, always masked. */
  readonly sample: readonly (readonly (string | number | null)[])[];
  readonly problems: readonly ExportProblem[];
  readonly plannedAt: string;
  readonly channel: ContactChannel;
  /** DND entries that apply to this channel on the planned date. */
  readonly dndEntries: number;
}

export interface ExportManifest {
  readonly manifestVersion: 1;
  readonly exportId: number;
  readonly createdAt: string;
  readonly appVersion: string;
  readonly schemaVersion: number;
  readonly workspace: { readonly id: string; readonly name: string };
  /** 数据截止日 of the data the export was computed from. */
  readonly asOfDate: string | null;
  readonly plannedAt: string;
  readonly campaignKey: string | null;
  readonly segment: {
    readonly id: number;
    readonly name: string;
    readonly version: number;
    readonly asOf: string | null;
    /** The segment's rule tree (JSON) as saved. */
    readonly rule: unknown;
    readonly size: number;
  };
  readonly preset: ExportPreset;
  readonly channel: ContactChannel;
  readonly file: {
    readonly name: string;
    readonly format: ExportFormat;
    readonly encoding: CsvEncoding | 'utf8';
    readonly bytes: number;
    /** Data rows (the header row not counted). */
    readonly rows: number;
    readonly sha256: string;
    /** Characters GBK cannot hold, written as `?` (GBK CSV only). */
    readonly unmappableCharacters: number;
  };
  readonly columns: readonly ExportColumnView[];
  readonly masking: { readonly masked: boolean; readonly unmaskReason: string | null };
  readonly hashing: {
    readonly algorithm: 'SHA-256';
    /** How each value was hashed: `hex(SHA-256(UTF-8(salt + value)))`, value normalised (mobile 11 digits, ID upper-case). */
    readonly input: string;
    readonly fields: readonly HashableField[];
    readonly saltStored: false;
  } | null;
  readonly holdout: {
    readonly percent: number;
    readonly campaignKey: string;
    /** `control` when `uint32(SHA-256(UTF-8(campaignKey + ":" + one_id))[0..4]) / 2^32 < percent / 100`. */
    readonly method: string;
    readonly control: number;
    readonly target: number;
  } | null;
  readonly counts: ExportCounts;
  readonly compliance: {
    readonly settings: ComplianceSettings;
    readonly product: { readonly code: string; readonly name: string | null; readonly riskLevel: string | null } | null;
    readonly dndEntries: number;
  };
  readonly smsTemplate: string | null;
}

export interface AudienceExportResult {
  /** The export file, handed over: the caller owns it. */
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly mime: string;
  readonly manifest: ExportManifest;
  /** The manifest as pretty-printed UTF-8 JSON, saved beside the file as `<file>.manifest.json`. */
  readonly manifestBytes: Uint8Array;
}

export interface ExportColumnDef {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly group: 'identity' | 'contact' | 'attribute' | 'profile' | 'derived';
  readonly pii: PiiType | null;
}

export interface ExportPresetDef {
  readonly preset: ExportPreset;
  readonly channel: ContactChannel;
  readonly columns: readonly string[];
  /** A customer needs one of these identifiers to be reachable on the channel. */
  readonly requires: readonly string[];
}

export interface ExportSegmentOption {
  readonly segmentId: number;
  readonly name: string;
  readonly version: number;
  readonly size: number;
  readonly asOf: string | null;
}

export interface ExportCatalog {
  readonly segments: readonly ExportSegmentOption[];
  readonly presets: readonly ExportPresetDef[];
  readonly columns: readonly ExportColumnDef[];
  readonly templateVariables: readonly { readonly name: string; readonly zh: string; readonly en: string }[];
  readonly products: readonly { readonly code: string; readonly name: string | null; readonly riskLevel: string | null }[];
  /** Rows of the imported DND lists. */
  readonly dndRows: number;
  readonly asOfDate: string | null;
}

export interface ExportLogEntry {
  readonly exportId: number;
  readonly at: string;
  readonly campaignKey: string | null;
  readonly segmentName: string | null;
  readonly preset: ExportPreset;
  readonly channel: ContactChannel;
  readonly format: ExportFormat;
  readonly plannedAt: string;
  readonly rows: number;
  readonly holdout: number;
  readonly fileName: string | null;
  readonly sha256: string;
}

/**
 * The workspace's marketing-compliance rules (stored in `meta.compliance_settings`, JSON; serialisable for
 * recipes). Every rule can be switched off; status words are matched as substrings of 客户状态 / 账户状态.
 */
export interface ComplianceSettings {
  readonly exclusions: {
    readonly staff: boolean;
    readonly deceased: boolean;
    readonly frozen: boolean;
    readonly closed: boolean;
    readonly minors: boolean;
    /** Customers younger than this many whole years at the planned date are minors. */
    readonly minorAge: number;
    readonly deceasedWords: readonly string[];
    readonly frozenWords: readonly string[];
    readonly closedWords: readonly string[];
  };
  /** Apply the imported 营销免打扰 lists. */
  readonly dnd: boolean;
  readonly suitability: {
    readonly enabled: boolean;
    /** Exclude customers without a risk assessment from audiences of a product with a risk level. */
    readonly excludeUnassessed: boolean;
    /** Exclude customers whose assessment expired before the planned date. */
    readonly excludeExpired: boolean;
  };
  /** Touches per customer across all exported campaigns (export log), in the window ending at the planned time. */
  readonly caps: { readonly enabled: boolean; readonly max7d: number | null; readonly max30d: number | null };
  /** No contact planned between `start` and `end` (`HH:MM`, may wrap past midnight). */
  readonly quietHours: { readonly enabled: boolean; readonly start: string; readonly end: string };
}

export interface ComplianceSettingsPatch {
  readonly exclusions?: Partial<ComplianceSettings['exclusions']>;
  readonly dnd?: boolean;
  readonly suitability?: Partial<ComplianceSettings['suitability']>;
  readonly caps?: Partial<ComplianceSettings['caps']>;
  readonly quietHours?: Partial<ComplianceSettings['quietHours']>;
}
