/**
 * 预测模型 section of the meeting pack: the model card of every saved model (target, algorithm, validation AUC,
 * KS and top-decile lift, as-of date, seed, features) and the lift by decile of the newest one.
 */
import type { ModelCard } from '#shared/api/predictTypes.ts';
import type { ReportSection } from './reportModel.ts';
import { barOption } from './sectionCharts.ts';

/** Models listed at most, newest first (a workspace of experiments can hold many). */
const MAX_MODELS = 8;
/** Features named per card; the rest are counted. */
const MAX_FEATURES = 8;

export const modelsSection: ReportSection = {
  key: 'models',
  zh: '预测模型',
  en: 'Models',
  missing: { zh: '无：尚未训练预测模型。', en: 'None: no prediction model trained yet.' },
  available: async (kit) => (await kit.call('predict.models', {})).length > 0,
  async build(kit) {
    const t = kit.t.bind(kit);
    const summaries = [...(await kit.call('predict.models', {}))].sort((a, b) => b.modelId - a.modelId).slice(0, MAX_MODELS);
    const cards: ModelCard[] = [];
    for (const s of summaries) cards.push(await kit.call('predict.model', { modelId: s.modelId }));
    const algo = (a: ModelCard['algo']): string => (a === 'trees' ? t('梯度提升树', 'Gradient-boosted trees') : t('逻辑回归', 'Logistic regression'));
    const features = (c: ModelCard): string => {
      const names = c.features.slice(0, MAX_FEATURES).map((f) => (kit.lang === 'zh' ? f.zh : f.en));
      const more = c.features.length - names.length;
      return more > 0 ? `${names.join('、')} ${t(`等 ${more} 个`, `and ${more} more`)}` : names.join(kit.lang === 'zh' ? '、' : ', ');
    };
    const newest = cards[0];
    return [
      { kind: 'text', text: t('指标在验证集上计算：AUC 越接近 1 排序越好，KS 为正负样本累计分布的最大差距，前10%提升度 = 得分最高 10% 客户的目标率 ÷ 整体目标率。', 'Metrics are on the validation set: AUC nearer 1 ranks better, KS is the largest gap between the cumulative score distributions, top-decile lift = target rate of the top-scored 10% ÷ overall rate.') },
      {
        kind: 'table',
        caption: t('模型卡', 'Model cards'),
        columns: [t('模型', 'Model'), t('目标', 'Target'), t('算法', 'Algorithm'), 'AUC', 'KS', t('前10%提升度', 'Top-decile lift'), t('数据截止日', 'As-of date'), t('随机种子', 'Seed'), t('特征', 'Features')],
        rows: cards.map((c) => [c.name, `${c.target} = ${c.positive}`, algo(c.algo), c.metrics.auc.toFixed(3), c.metrics.ks.toFixed(3), c.metrics.liftTop10.toFixed(2), c.asOfDate ?? c.createdAt.slice(0, 10), c.seed, features(c)]),
      },
      ...(newest
        ? [
            {
              kind: 'chart' as const,
              title: `${newest.name} · ${t('各十分位提升度（1 = 得分最高的 10%）', 'lift by decile (1 = top-scored 10%)')}`,
              option: barOption(newest.metrics.deciles.map((d) => String(d.decile)), newest.metrics.deciles.map((d) => Number(d.lift.toFixed(2))), t('提升度', 'Lift')),
              height: 280,
            },
          ]
        : []),
    ];
  },
};
