/** Side-by-side comparison of chosen models: their ROC curves on one chart and their figures in one table. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelCard } from '#shared/api/predictTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { rocOption } from './predictCharts.ts';

export function ModelCompare({ modelIds }: { readonly modelIds: readonly number[] }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [cards, setCards] = useState<readonly ModelCard[]>([]);
  const key = modelIds.join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(key.split(',').map((id) => engine.call('predict.model', { modelId: Number(id) }))).then((c) => {
      if (live) setCards(c);
    });
    return () => {
      live = false;
    };
  }, [engine, key]);
  if (cards.length < 2) return null;
  return (
    <section className="card" data-testid="predict-compare">
      <h2 className="card-title">{t('predict.compareTitle')}</h2>
      <ChartView option={rocOption(cards.map((c) => ({ name: c.name, roc: c.metrics.roc })), { fpr: t('predict.axis.fpr'), tpr: t('predict.axis.tpr'), chance: t('predict.axis.chance') })} height={300} label={t('predict.compareTitle')} testId="predict-compare-roc" />
      <table className="grid-table">
        <thead>
          <tr>
            <th>{t('predict.columns.name')}</th>
            <th className="num">{t('predict.columns.auc')}</th>
            <th className="num">{t('predict.columns.ks')}</th>
            <th className="num">{t('predict.columns.lift')}</th>
            <th className="num">{t('predict.metrics.trainAuc')}</th>
            <th className="num">{t('predict.columns.nTrain')}</th>
            <th className="num">{t('predict.columns.nValid')}</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((c) => (
            <tr key={c.modelId}>
              <td>{c.name}</td>
              <td className="num">{c.metrics.auc.toFixed(3)}</td>
              <td className="num">{c.metrics.ks.toFixed(3)}</td>
              <td className="num">{c.metrics.liftTop10.toFixed(2)}</td>
              <td className="num">{c.trainAuc.toFixed(3)}</td>
              <td className="num">{c.nTrain.toLocaleString()}</td>
              <td className="num">{c.nValid.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
