import type { PiiType } from '#shared/model/entities.ts';
import { detectPiiByShape, maskValue } from '#shared/privacy/mask.ts';

const MAX_CHARS = 100;

/**
 * A value as the report shows it: masked by its column's personal-data class, or by its shape when the column is
 * not registered (a phone number typed into a remark column), and cut to 100 characters.
 */
export function reportValue(pii: PiiType | null, value: string): string {
  const kind = pii ?? detectPiiByShape(value);
  const shown = kind ? maskValue(kind, value) : value;
  const chars = [...shown];
  return chars.length > MAX_CHARS ? `${chars.slice(0, MAX_CHARS).join('')}…` : shown;
}
