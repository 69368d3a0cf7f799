/** 产品推荐: run next-best-product, read its hold-out hit rate, the association rules and sample recommendations. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { NbpResult } from '#shared/api/predictTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

export function NbpSection(): ReactNode {
  const { t } = useTranslation();
  const latestJob = useJob('predict.nbpLatest');
  const runJob = useJob('predict.nbp', { keepOnUnmount: true });
  const [level, setLevel] = useState<'product' | 'category'>('product');
  const [shown, setShown] = useState<NbpResult | null>(null);
  const loadLatest = latestJob.run;
  useEffect(() => {
    void loadLatest({}).then((r) => r && setShown(r));
  }, [loadLatest]);
  const run = async (): Promise<void> => {
    const r = await runJob.run({ level });
    if (r) setShown(r);
  };
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  return (
    <section className="card" data-testid="predict-nbp">
      <h2 className="card-title">{t('predict.nbp.title')}</h2>
      <p className="muted small">{t('predict.nbp.intro')}</p>
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('predict.nbp.level')}</span>
          <select className="select" value={level} disabled={runJob.running} onChange={(e) => setLevel(e.target.value === 'category' ? 'category' : 'product')} data-testid="nbp-level">
            <option value="product">{t('predict.nbp.levels.product')}</option>
            <option value="category">{t('predict.nbp.levels.category')}</option>
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={runJob.running} onClick={() => void run()} data-testid="nbp-run">
          {t('predict.nbp.run')}
        </button>
      </div>
      {runJob.running ? <JobProgress progress={runJob.progress} cancelling={runJob.cancelling} onCancel={runJob.cancel} label={t('predict.nbp.run')} testId="nbp-progress" /> : null}
      {runJob.error ? <ErrorNotice error={runJob.error} testId="nbp-error" /> : null}
      {shown ? (
        <div data-testid="nbp-result">
          <p>{t('predict.nbp.summary', { customers: shown.customers.toLocaleString(), items: shown.items.length, recommended: shown.recommended.toLocaleString() })}</p>
          <p data-testid="nbp-hit-rate">
            {t('predict.nbp.hitRate', {
              customers: shown.evaluation.customers.toLocaleString(),
              similarity: t(`predict.nbp.similarity.${shown.evaluation.similarity}`),
              hit1: pct(shown.evaluation.hitRate1),
              hit3: pct(shown.evaluation.hitRate3),
              pop1: pct(shown.evaluation.popularityHitRate1),
              pop3: pct(shown.evaluation.popularityHitRate3),
            })}
          </p>
          <h3 className="card-title">{t('predict.nbp.sample')}</h3>
          <table className="grid-table" data-testid="nbp-sample">
            <thead>
              <tr>
                <th>{t('predict.nbp.sampleColumns.oneId')}</th>
                <th>{t('predict.nbp.sampleColumns.item')}</th>
                <th>{t('predict.nbp.sampleColumns.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.sample.slice(0, 10).map((s) => (
                <tr key={s.oneId}>
                  <td>{s.oneId}</td>
                  <td>{s.item}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="card-title">{t('predict.nbp.rules')}</h3>
          <table className="grid-table" data-testid="nbp-rules">
            <thead>
              <tr>
                <th>{t('predict.nbp.ruleColumns.antecedent')}</th>
                <th>{t('predict.nbp.ruleColumns.consequent')}</th>
                <th className="num">{t('predict.nbp.ruleColumns.support')}</th>
                <th className="num">{t('predict.nbp.ruleColumns.confidence')}</th>
                <th className="num">{t('predict.nbp.ruleColumns.lift')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.rules.slice(0, 15).map((r) => (
                <tr key={`${r.antecedent}→${r.consequent}`}>
                  <td>{r.antecedent}</td>
                  <td>{r.consequent}</td>
                  <td className="num">{pct(r.support)}</td>
                  <td className="num">{pct(r.confidence)}</td>
                  <td className="num">{r.lift.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
