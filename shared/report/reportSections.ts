/**
 * The registry of meeting-pack sections, in the order they appear. Each reads what its feature computed (through
 * the engine API, so it sees exactly what the UI shows) and returns aggregates only: counts, shares, TGI, names.
 * A feature adds its section by appending one entry here (docs/recipes.md "Adding a report section").
 */
import type { GroupRef } from '#shared/api/portraitTypes.ts';
import { fmtInt, fmtPct, type ReportBlock, type ReportSection, type SectionKit } from './reportModel.ts';
import { modelsSection } from './modelsSection.ts';
import { reachSection } from './reachSection.ts';
import { barOption, horizontalBarOption, pieOption, stackedBarOption } from './sectionCharts.ts';

const tableExists = (kit: SectionKit, name: string): boolean => kit.db.value(`SELECT 1 FROM sqlite_master WHERE name = ?`, [name]) !== undefined;

const scopeSection: ReportSection = {
  key: 'scope',
  zh: '数据范围与质量',
  en: 'Data scope and quality',
  missing: { zh: '尚未导入数据。', en: 'No data imported yet.' },
  available: (kit) => Number(kit.db.value('SELECT COUNT(*) FROM import_file') ?? 0) > 0,
  async build(kit) {
    const q = await kit.call('quality.report', {});
    const t = kit.t.bind(kit);
    const read = q.files.reduce((a, f) => a + f.rowsRead, 0);
    const rejected = q.files.reduce((a, f) => a + f.rejected, 0);
    const cellIssues = q.files.reduce((a, f) => a + f.cellIssues, 0);
    const tables = q.tables.filter((x) => x.rows > 0);
    const blocks: ReportBlock[] = [
      {
        kind: 'kpis',
        items: [
          { label: t('导入文件', 'Files imported'), value: fmtInt(q.files.length) },
          { label: t('读取行数', 'Rows read'), value: fmtInt(read) },
          { label: t('拒收行数', 'Rows rejected'), value: `${fmtInt(rejected)} (${fmtPct(read > 0 ? rejected / read : 0)})` },
          { label: t('字段问题', 'Cell issues'), value: fmtInt(cellIssues) },
        ],
      },
      {
        kind: 'chart',
        title: t('各数据表行数', 'Rows per table'),
        option: horizontalBarOption(tables.map((x) => (kit.lang === 'zh' ? x.zh : x.en)), tables.map((x) => x.rows), t('行数', 'Rows')),
        height: Math.max(160, 28 * tables.length + 60),
      },
      {
        kind: 'table',
        caption: t('导入文件', 'Files'),
        columns: [t('文件', 'File'), t('类型', 'Kind'), t('编码', 'Encoding'), t('读取', 'Read'), t('接收', 'Accepted'), t('拒收', 'Rejected')],
        rows: q.files.map((f) => [f.fileName, f.kind, f.encoding, f.rowsRead, f.accepted, f.rejected]),
      },
    ];
    const coverage = q.keyCoverage.filter((k) => k.toRows > 0 && k.distinctKeys > 0);
    if (coverage.length > 0) {
      blocks.push({
        kind: 'table',
        caption: t('关联覆盖率', 'Key coverage'),
        columns: [t('从', 'From'), t('到', 'To'), t('键覆盖', 'Keys matched'), t('行覆盖', 'Rows matched')],
        rows: coverage.map((k) => [`${k.fromTable}.${k.fromColumn}`, `${k.toTable}.${k.toColumn}`, fmtPct(k.coverage), fmtPct(k.rowCoverage)]),
      });
    }
    return blocks;
  },
};

const identitySection: ReportSection = {
  key: 'identity',
  zh: 'ONE_ID 客户识别',
  en: 'ONE_ID identity resolution',
  missing: { zh: '尚未运行客户识别（ONE_ID）。', en: 'Identity resolution (ONE_ID) has not run yet.' },
  available: async (kit) => (await kit.call('identity.summary', {})) !== null,
  async build(kit) {
    const s = await kit.call('identity.summary', {});
    if (!s) return [];
    const t = kit.t.bind(kit);
    return [
      {
        kind: 'kpis',
        items: [
          { label: t('源记录', 'Source records'), value: fmtInt(s.records) },
          { label: t('识别出的客户 (ONE_ID)', 'Persons (ONE_ID)'), value: fmtInt(s.persons) },
          { label: t('合并率', 'Merge rate'), value: fmtPct(s.mergeRate) },
          { label: t('待复核', 'Pending review'), value: fmtInt(s.review.pending) },
        ],
      },
      {
        kind: 'chart',
        title: t('按关联方式的链接数', 'Links by method'),
        option: pieOption(s.linksByMethod.map((l) => ({ name: l.method, value: l.links }))),
        height: 280,
      },
      {
        kind: 'table',
        caption: t('各来源', 'By source'),
        columns: [t('来源', 'Source'), t('记录', 'Records'), t('客户', 'Persons'), t('跨来源关联占比', 'Linked to another source')],
        rows: s.bySource.map((x) => [x.source, x.records, x.persons, fmtPct(x.linkedShare)]),
      },
    ];
  },
};

const lifecycleSection: ReportSection = {
  key: 'lifecycle',
  zh: '生命周期分群',
  en: 'Lifecycle groups',
  missing: { zh: '尚未计算标签与生命周期分群。', en: 'Tags and lifecycle groups have not been computed yet.' },
  available: async (kit) => (await kit.call('tags.lifecycle', {})).runId !== null,
  async build(kit) {
    const t = kit.t.bind(kit);
    const life = await kit.call('tags.lifecycle', {});
    if (life.runId === null) return [];
    const changes = await kit.call('tags.changes', { runId: life.runId, limit: 0 });
    const byTag = new Map<string, { joined: number; left: number; before: number }>();
    for (const d of changes.summary) {
      const prev = byTag.get(d.tag) ?? { joined: 0, left: 0, before: 0 };
      byTag.set(d.tag, { joined: prev.joined + d.joined, left: prev.left + d.left, before: prev.before + d.before });
    }
    const names = life.groups.map((g) => (kit.lang === 'zh' ? g.zh : g.en));
    const blocks: ReportBlock[] = [
      { kind: 'kpis', items: [{ label: t('客户数', 'Customers'), value: fmtInt(life.customers) }, { label: t('分群人数合计', 'In a group'), value: fmtInt(life.groups.reduce((a, g) => a + g.members, 0)) }] },
      { kind: 'chart', title: t('各生命周期分群人数', 'Customers per lifecycle group'), option: barOption(names, life.groups.map((g) => g.members), t('人数', 'Customers')), height: 300 },
      {
        kind: 'table',
        caption: changes.prevRunId === null ? t('各分群人数（首次计算，无上期对比）', 'Group sizes (first run, nothing to compare)') : t('各分群人数及较上次变化', 'Group sizes and changes since the previous run'),
        columns: [t('分群', 'Group'), t('人数', 'Customers'), t('占比', 'Share'), t('新进入', 'Joined'), t('流出', 'Left')],
        rows: life.groups.map((g, i) => {
          const c = byTag.get(g.tag);
          return [names[i] ?? g.group, g.members, fmtPct(life.customers > 0 ? g.members / life.customers : 0), c ? c.joined : null, c ? c.left : null];
        }),
      },
    ];
    return blocks;
  },
};

/** Groups portrayed: saved segments first (the analyst's own), else the lifecycle groups, at most four. */
async function portraitGroups(kit: SectionKit): Promise<{ ref: GroupRef; label: string }[]> {
  const segments = await kit.call('segments.list', {});
  if (segments.length > 0) return segments.filter((s) => s.count > 0).slice(0, 4).map((s) => ({ ref: { kind: 'segment', segmentId: s.segmentId }, label: s.name }));
  const life = await kit.call('tags.lifecycle', {});
  return life.groups
    .filter((g) => g.members > 0)
    .sort((a, b) => b.members - a.members)
    .slice(0, 4)
    .map((g) => ({ ref: { kind: 'lifecycle', group: g.tag }, label: kit.lang === 'zh' ? g.zh : g.en }));
}

const portraitSection: ReportSection = {
  key: 'portraits',
  zh: '客群画像（TGI）',
  en: 'Group portraits (TGI)',
  missing: { zh: '没有可画像的客群（需先计算客户宽表与分群或保存客群）。', en: 'No group to portray (build the wide table and groups, or save a segment, first).' },
  available: async (kit) => tableExists(kit, 'customer_profile') && (await portraitGroups(kit)).length > 0,
  async build(kit) {
    const t = kit.t.bind(kit);
    const blocks: ReportBlock[] = [
      { kind: 'text', text: t('TGI = 该群占比 ÷ 全体客户占比 × 100；高于 100 表示该特征在群内更集中。仅列出显著（p<0.05）且人数足够的分档。', 'TGI = group share ÷ share among all customers × 100; above 100 the trait is more common in the group. Only significant (p<0.05), well-supported bins are listed.') },
    ];
    for (const g of await portraitGroups(kit)) {
      await kit.ctx.checkpoint();
      const p = await kit.call('portrait.describe', { group: g.ref });
      const bins = p.distributions
        .flatMap((d) => d.bins.filter((b) => b.significant && b.tgi !== null && b.tgi > 100).map((b) => ({ label: `${kit.lang === 'zh' ? d.zh : d.en}: ${kit.lang === 'zh' ? b.label : b.labelEn}`, tgi: b.tgi ?? 0, share: b.groupShare })))
        .sort((a, b) => b.tgi - a.tgi)
        .slice(0, 10);
      const top = await kit.call('portrait.topTags', { group: g.ref, limit: 8 });
      blocks.push({ kind: 'kpis', items: [{ label: g.label, value: `${fmtInt(p.group.size)} ${t('人', 'customers')}` }, { label: t('占全体', 'Of all customers'), value: fmtPct(p.base.size > 0 ? p.group.size / p.base.size : 0) }] });
      if (bins.length > 0) {
        blocks.push({ kind: 'chart', title: `${g.label} · ${t('最突出的特征（TGI）', 'most distinctive traits (TGI)')}`, option: horizontalBarOption(bins.map((b) => b.label), bins.map((b) => Math.round(b.tgi)), 'TGI'), height: Math.max(160, 26 * bins.length + 60) });
      } else {
        blocks.push({ kind: 'note', text: `${g.label}: ${t('没有显著高于全体的特征。', 'no trait significantly above all customers.')}` });
      }
      if (top.tags.length > 0) {
        blocks.push({
          kind: 'table',
          caption: `${g.label} · ${t('代表性标签', 'distinguishing tags')}`,
          columns: [t('标签', 'Tag'), t('群内占比', 'In group'), t('全体占比', 'All'), 'TGI'],
          rows: top.tags.map((x) => [`${kit.lang === 'zh' ? x.zh : x.en}${x.value ? ` = ${x.value}` : ''}`, fmtPct(x.groupShare), fmtPct(x.baseShare), x.tgi === null ? null : Math.round(x.tgi)]),
        });
      }
    }
    return blocks;
  },
};

const clusterSection: ReportSection = {
  key: 'clusters',
  zh: '智能分群',
  en: 'Clusters',
  missing: { zh: '尚未运行智能分群。', en: 'No clustering run yet.' },
  available: async (kit) => (await kit.call('cluster.runs', {})).length > 0,
  async build(kit) {
    const t = kit.t.bind(kit);
    const runs = await kit.call('cluster.runs', {});
    const latest = runs.reduce((a, b) => (b.runId > a.runId ? b : a));
    const r = await kit.call('cluster.result', { runId: latest.runId });
    const names = r.groups.map((g) => (kit.lang === 'zh' ? g.name : g.nameEn));
    return [
      {
        kind: 'kpis',
        items: [
          { label: t('分群数 k', 'Clusters k'), value: String(r.k) },
          { label: t('样本行数', 'Rows'), value: fmtInt(r.rows) },
          { label: t('轮廓系数', 'Silhouette'), value: r.silhouette.toFixed(3) },
          { label: t('特征数', 'Features'), value: String(r.settings.features.length) },
        ],
      },
      { kind: 'chart', title: t('各群人数', 'Cluster sizes'), option: pieOption(r.groups.map((g, i) => ({ name: names[i] ?? String(g.cluster), value: g.size }))), height: 300 },
      {
        kind: 'table',
        caption: t('各群名称与解释（最突出的特征，括号内为群均值 / 全体均值）', 'Clusters, names and explanations (most distinctive features, cluster vs overall)'),
        columns: [t('群', 'Cluster'), t('人数', 'Size'), t('占比', 'Share'), t('解释', 'Explanation')],
        rows: r.groups.map((g, i) => [
          names[i] ?? String(g.cluster),
          g.size,
          fmtPct(g.share),
          g.distinguishing
            .slice(0, 3)
            .map((d) => `${kit.lang === 'zh' ? d.zh : d.en}${d.level ? `=${d.level}` : ''} ${d.z >= 0 ? '↑' : '↓'} (${fmtNum(d.value)} / ${fmtNum(d.overall)})`)
            .join('；'),
        ]),
      },
    ];
  },
};

function fmtNum(v: number): string {
  return Math.abs(v) >= 100 ? fmtInt(v) : Math.abs(v) < 1 ? v.toFixed(2) : v.toFixed(1);
}

const textSection: ReportSection = {
  key: 'text',
  zh: '文本洞察',
  en: 'Text insights',
  missing: { zh: '尚未运行文本挖掘。', en: 'Text mining has not run yet.' },
  available: async (kit) => (await kit.call('text.summary', {})) !== null,
  async build(kit) {
    const t = kit.t.bind(kit);
    const s = await kit.call('text.summary', {});
    if (!s) return [];
    const topics = await kit.call('text.topics', {});
    const byChannel = await kit.call('text.breakdown', { by: 'channel' });
    const negative = await kit.call('text.keywords', { method: 'tfidf', filter: { sentiment: 'negative' }, limit: 15 });
    const top = [...topics.topics].sort((a, b) => b.notes - a.notes).slice(0, 8);
    return [
      {
        kind: 'kpis',
        items: [
          { label: t('文本条数', 'Notes'), value: fmtInt(s.analysed) },
          { label: t('负面', 'Negative'), value: fmtPct(s.analysed > 0 ? s.sentiment.negative / s.analysed : 0) },
          { label: t('涉及客户', 'Customers'), value: fmtInt(s.customers) },
          { label: t('主题数', 'Topics'), value: String(s.k) },
        ],
      },
      {
        kind: 'chart',
        title: t('各渠道情感分布', 'Sentiment by channel'),
        option: stackedBarOption(
          byChannel.map((b) => b.group),
          [
            { name: t('正面', 'Positive'), values: byChannel.map((b) => b.positive), color: '#52c41a' },
            { name: t('中性', 'Neutral'), values: byChannel.map((b) => b.neutral), color: '#bfbfbf' },
            { name: t('负面', 'Negative'), values: byChannel.map((b) => b.negative), color: '#f5222d' },
          ],
        ),
        height: 300,
      },
      {
        kind: 'table',
        caption: t('主要话题（按条数）', 'Main topics (by notes)'),
        columns: [t('话题', 'Topic'), t('关键词', 'Top words'), t('条数', 'Notes')],
        rows: top.map((x) => [x.name, x.words.slice(0, 6).map((w) => w.word).join('、'), x.notes]),
      },
      {
        kind: 'table',
        caption: t('负面文本高频词（主要投诉点）', 'Top words of negative notes (main complaints)'),
        columns: [t('词', 'Word'), t('条数', 'Notes'), t('得分', 'Score')],
        rows: negative.map((k) => [k.word, k.notes, Number(k.score.toFixed(3))]),
      },
    ];
  },
};

type ManifestRow = {
  readonly export_id: number;
  readonly manifest: string;
};

const exportSection: ReportSection = {
  key: 'exports',
  zh: '导出清单',
  en: 'Export manifests',
  missing: { zh: '本工作区尚无客群导出。', en: 'No audience exported from this workspace yet.' },
  available: (kit) => Number(kit.db.value('SELECT COUNT(*) FROM export_log') ?? 0) > 0,
  build(kit) {
    const t = kit.t.bind(kit);
    const rows = kit.db.all<ManifestRow>('SELECT export_id, manifest FROM export_log ORDER BY export_id DESC LIMIT 20');
    const blocks: ReportBlock[] = [
      {
        kind: 'table',
        caption: t('最近的导出（每份文件旁有 .manifest.json，含 SHA-256 校验值）', 'Latest exports (each file has a .manifest.json beside it with its SHA-256)'),
        columns: [t('编号', 'No.'), t('客群（版本）', 'Segment (version)'), t('渠道', 'Channel'), t('客群人数', 'Segment'), t('合规排除', 'Excluded'), t('对照组', 'Holdout'), t('导出人数', 'Exported'), t('脱敏', 'Masked'), 'SHA-256'],
        rows: rows.map((r) => {
          const m = JSON.parse(r.manifest) as {
            segment: { name: string; version: number };
            channel: string;
            counts: { segment: number; excluded: number; holdout: number; exported: number };
            masking: { masked: boolean };
            file: { sha256: string };
          };
          return [r.export_id, `${m.segment.name} (v${m.segment.version})`, m.channel, m.counts.segment, m.counts.excluded, m.counts.holdout, m.counts.exported, m.masking.masked ? t('是', 'yes') : t('否（已记录原因）', 'no (reason logged)'), m.file.sha256.slice(0, 12)];
        }),
      },
    ];
    const reasons = new Map<string, number>();
    for (const r of rows) {
      const m = JSON.parse(r.manifest) as { counts: { excludedByReason: Record<string, number> } };
      for (const [k, v] of Object.entries(m.counts.excludedByReason)) reasons.set(k, (reasons.get(k) ?? 0) + v);
    }
    if (reasons.size > 0) {
      blocks.push({ kind: 'chart', title: t('合规排除原因（合计）', 'Compliance exclusions by reason (total)'), option: barOption([...reasons.keys()], [...reasons.values()], t('人数', 'Customers')), height: 260 });
    }
    return Promise.resolve(blocks);
  },
};

const pinsSection: ReportSection = {
  key: 'pins',
  zh: '加入报告的图表',
  en: 'Charts added to the pack',
  missing: { zh: '尚未从页面“加入报告”任何图表。', en: 'No chart added with “Add to report” yet.' },
  available: (kit) => kit.pins.length > 0,
  build(kit) {
    return Promise.resolve(
      kit.pins.map((p): ReportBlock => ({ kind: 'chart', title: p.title, option: (p.option ?? {}) as Record<string, unknown>, width: Math.min(720, p.width), height: p.height })),
    );
  },
};

/** Every section, in pack order. Append new features' sections here. */
export const REPORT_SECTIONS: readonly ReportSection[] = [scopeSection, identitySection, lifecycleSection, portraitSection, clusterSection, modelsSection, textSection, reachSection, exportSection, pinsSection];
