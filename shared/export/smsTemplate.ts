/**
 * SMS templates with variables in braces (`尊敬的{姓}{称谓}，您关注的{产品}已开放申购`), compiled once and rendered
 * per row. Full-width braces ｛｝ are accepted too, since Chinese input methods type them.
 */
import { TEMPLATE_VARIABLES } from './exportColumns.ts';

export type TemplatePart = { readonly text: string } | { readonly variable: string };

export interface CompiledTemplate {
  readonly parts: readonly TemplatePart[];
  /** Variable names (canonical Chinese names) used. */
  readonly variables: readonly string[];
  /** Names in braces that are not variables; the export refuses to run with any. */
  readonly unknown: readonly string[];
}

const VAR = /[{｛]\s*([^{}｛｝]{1,20}?)\s*[}｝]/g;
const canonical = new Map<string, string>(TEMPLATE_VARIABLES.flatMap((v) => [[v.name, v.name], [v.alias.toLowerCase(), v.name]] as [string, string][]));

export function compileTemplate(template: string): CompiledTemplate {
  const parts: TemplatePart[] = [];
  const variables = new Set<string>();
  const unknown = new Set<string>();
  let last = 0;
  for (const m of template.matchAll(VAR)) {
    const raw = m[1] ?? '';
    const name = canonical.get(raw) ?? canonical.get(raw.toLowerCase());
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    if (name) {
      parts.push({ variable: name });
      variables.add(name);
    } else {
      unknown.add(raw);
      parts.push({ text: m[0] });
    }
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return { parts, variables: [...variables], unknown: [...unknown] };
}

/** Renders a compiled template; a variable without a value renders empty. */
export function renderTemplate(t: CompiledTemplate, value: (variable: string) => string | null): string {
  let out = '';
  for (const p of t.parts) out += 'text' in p ? p.text : (value(p.variable) ?? '');
  return out;
}
