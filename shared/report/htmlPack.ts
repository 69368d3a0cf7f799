/**
 * Lays the pack's sections out as one self-contained HTML document: inline CSS with a print stylesheet (A4, each
 * section on a new page, tables and charts never split), charts as inline SVG, and a Content-Security-Policy that
 * forbids every fetch, so the file opens offline and cannot call out even if a value looked like a URL.
 */
import { detectPiiByShape, maskValue } from '#shared/privacy/mask.ts';
import type { ReportLanguage } from '#shared/api/reportTypes.ts';
import { CJK_FONTS, renderChartSvg } from './chartSvg.ts';
import type { Cell, ReportBlock } from './reportModel.ts';

export interface PackSection {
  readonly key: string;
  readonly title: string;
  readonly blocks: readonly ReportBlock[];
}

export interface PackCover {
  readonly title: string;
  readonly workspace: string;
  readonly asOfDate: string | null;
  readonly generatedAt: string;
  readonly appVersion: string;
}

const TEXT = {
  zh: { asOf: '数据截止日', workspace: '工作区', generated: '生成时间', app: '版本', contents: '目录', none: '未设置', masked: '个人信息已脱敏；本材料仅含汇总数字，供内部会议使用。' },
  en: { asOf: 'Data as of', workspace: 'Workspace', generated: 'Generated', app: 'Version', contents: 'Contents', none: 'not set', masked: 'Personal data masked; aggregates only, for internal meetings.' },
} as const;

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:${CJK_FONTS};color:#1f2329;font-size:13px;line-height:1.55;background:#fff}
main{max-width:780px;margin:0 auto;padding:24px}
.cover{min-height:640px;display:flex;flex-direction:column;justify-content:center;border-bottom:3px solid #2f54eb}
.cover h1{font-size:30px;margin:0 0 24px}
.cover dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;font-size:15px;margin:0 0 24px}
.cover dt{color:#646a73}.cover dd{margin:0}
.cover .asof{font-size:20px;font-weight:600;color:#2f54eb}
.toc ol{padding-left:20px;font-size:15px}
.section{padding-top:8px}
h2{font-size:20px;border-left:4px solid #2f54eb;padding-left:8px;margin:16px 0 12px}
.kpis{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 12px}
.kpi{border:1px solid #dee0e3;border-radius:6px;padding:8px 12px;min-width:130px}
.kpi .v{font-size:18px;font-weight:600}.kpi .l{color:#646a73;font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:12px}
caption{text-align:left;font-weight:600;margin-bottom:4px}
th,td{border:1px solid #dee0e3;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f3f5}
td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:8px 0 16px}
figcaption{font-weight:600;margin-bottom:4px}
figure svg{max-width:100%;height:auto}
.note{color:#8f5b00;background:#fff7e6;border:1px solid #ffd591;border-radius:4px;padding:6px 10px;margin:8px 0}
.foot{color:#8f959e;font-size:11px;margin-top:24px}
@page{size:A4;margin:16mm 14mm 18mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:9pt;color:#8f959e}}
@media print{
  main{max-width:none;padding:0}
  .cover{min-height:0;height:250mm;border-bottom:none;break-after:page}
  .toc{break-after:page}
  .section{break-before:page}
  .section:first-of-type{break-before:auto}
  h2,h3,caption,figcaption{break-after:avoid}
  figure,.kpis,.note,tr{break-inside:avoid}
  thead{display:table-header-group}
}
`;

/** Escapes text for HTML and masks any value shaped like personal data (phone, 身份证, card, e-mail). */
export function safeText(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : maskShapes(value);
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Masks every token that looks like personal data; the sections hold aggregates, this is the safety net. */
export function maskShapes(text: string): string {
  return text.replace(/[^\s,;，；、:：()（）[\]"'<>|]+/g, (token) => {
    const type = detectPiiByShape(token);
    return type ? maskValue(type, token) : token;
  });
}

/** Masks personal-data-shaped strings anywhere in a chart option (labels, series names, data). */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskShapes(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}

function blockHtml(block: ReportBlock): { html: string; charts: number } {
  switch (block.kind) {
    case 'kpis':
      return { html: `<div class="kpis">${block.items.map((i) => `<div class="kpi"><div class="v">${safeText(i.value)}</div><div class="l">${safeText(i.label)}</div></div>`).join('')}</div>`, charts: 0 };
    case 'table': {
      const head = `<thead><tr>${block.columns.map((c) => `<th>${safeText(c)}</th>`).join('')}</tr></thead>`;
      const body = block.rows.map((r) => `<tr>${block.columns.map((_, i) => cellHtml(r[i] ?? null)).join('')}</tr>`).join('');
      return { html: `<table>${block.caption ? `<caption>${safeText(block.caption)}</caption>` : ''}${head}<tbody>${body}</tbody></table>`, charts: 0 };
    }
    case 'chart': {
      const svg = renderChartSvg(maskDeep(block.option) as Record<string, unknown>, block.width, block.height);
      return { html: `<figure><figcaption>${safeText(block.title)}</figcaption>${svg}</figure>`, charts: 1 };
    }
    case 'text':
      return { html: `<p>${safeText(block.text)}</p>`, charts: 0 };
    case 'note':
      return { html: `<p class="note">${safeText(block.text)}</p>`, charts: 0 };
  }
}

function cellHtml(v: Cell): string {
  return typeof v === 'number' ? `<td class="n">${safeText(v.toLocaleString('en-US', { maximumFractionDigits: 2 }))}</td>` : `<td>${safeText(v)}</td>`;
}

/**
 * The whole document. Sections are numbered in order; the cover carries the as-of date (数据截止日).
 * @returns the HTML and how many charts it holds per section key
 */
export function renderPack(cover: PackCover, sections: readonly PackSection[], lang: ReportLanguage): { html: string; charts: Readonly<Record<string, number>> } {
  const t = TEXT[lang];
  const charts: Record<string, number> = {};
  const body = sections
    .map((s, i) => {
      let n = 0;
      const inner = s.blocks
        .map((b) => {
          const r = blockHtml(b);
          n += r.charts;
          return r.html;
        })
        .join('\n');
      charts[s.key] = n;
      return `<section class="section" id="s-${safeText(s.key)}" data-section="${safeText(s.key)}"><h2>${i + 1}. ${safeText(s.title)}</h2>\n${inner}\n</section>`;
    })
    .join('\n');
  const toc = sections.map((s) => `<li>${safeText(s.title)}</li>`).join('');
  const html = `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${safeText(cover.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="cover" data-section="cover">
<h1>${safeText(cover.title)}</h1>
<dl>
<dt>${t.asOf}</dt><dd class="asof" data-testid="report-as-of">${safeText(cover.asOfDate ?? t.none)}</dd>
<dt>${t.workspace}</dt><dd>${safeText(cover.workspace)}</dd>
<dt>${t.generated}</dt><dd>${safeText(cover.generatedAt)}</dd>
<dt>${t.app}</dt><dd>${safeText(cover.appVersion)}</dd>
</dl>
<p>${t.masked}</p>
</header>
<nav class="toc"><h2>${t.contents}</h2><ol>${toc}</ol></nav>
${body}
<p class="foot">${safeText(cover.title)} · ${t.asOf} ${safeText(cover.asOfDate ?? t.none)}</p>
</main>
</body>
</html>
`;
  return { html, charts };
}
