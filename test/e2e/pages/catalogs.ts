/**
 * The UI text a test expects, taken from the app's catalogs (so a wording change does not break tests) and
 * filled in by i18next exactly as the app does (`{{column}}` and the like).
 */
import i18next from 'i18next';
import { en } from '#renderer/i18n/en.ts';
import { zhCN } from '#renderer/i18n/zh-CN.ts';

export type Lang = 'zh-CN' | 'en';

export const CATALOGS = { 'zh-CN': zhCN, en } as const;

const i18n = i18next.createInstance();
await i18n.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
});

/** The catalog text at `key` (e.g. `reject.REQUIRED_MISSING`) in `lang`, with `params` filled in. */
export function catalogText(lang: Lang, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const text: unknown = i18n.getFixedT(lang)(key, params);
  if (typeof text !== 'string' || text === key) throw new Error(`no catalog text at ${key} (${lang})`);
  return text;
}
