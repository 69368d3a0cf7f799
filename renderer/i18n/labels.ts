/** Labels of entity kinds in the current language, from shared/model/entities.ts. */
import { ENTITIES } from '#shared/model/entities.ts';
import type { Lang } from './i18n.ts';

export function entityLabel(kind: string, lang: Lang, genericLabel: string): string {
  const e = ENTITIES.find((x) => x.kind === kind);
  if (!e) return kind === 'table' ? genericLabel : kind;
  return lang === 'en' ? e.en : e.zh;
}
