/**
 * i18next set-up: zh-CN by default, English on request, the choice kept in localStorage. Catalogs are bundled
 * (no backend, no network), so initialisation is synchronous and `t` works before the first render.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'kequn.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

function storedLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be disabled by policy; Chinese is the right default then.
    return 'zh-CN';
  }
}

export function initI18n(): I18n {
  const lng = storedLang();
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: 'zh-CN',
    initAsync: false,
    // React escapes text itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  setDocumentLang(lng);
  return i18next;
}

export function currentLang(i18n: I18n): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLang(i18n: I18n, lang: Lang): Promise<void> {
  await i18n.changeLanguage(lang);
  setDocumentLang(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted when storage is disabled; the switch still applies to this session.
  }
}

function setDocumentLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
