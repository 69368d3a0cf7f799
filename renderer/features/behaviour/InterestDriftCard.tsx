/**
 * A customer's interest drift: decayed topic scores at the as-of date and every 30 days for five months before
 * (behaviour.interestDrift), with the top interest now and 90 days ago. Shown on the 行为分析 page and the
 * customer 360 page.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { driftOption } from './behaviourCharts.ts';

export function InterestDriftCard({ oneId, halfLifeDays }: { readonly oneId: string; readonly halfLifeDays?: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const drift = useJob('behaviour.interestDrift');
  const load = drift.run;
  useEffect(() => {
    void load({ oneId, ...(halfLifeDays !== undefined ? { halfLifeDays } : {}) });
  }, [load, oneId, halfLifeDays]);
  const d = drift.result;
  const option = useMemo(() => (d ? driftOption(d, en) : null), [d, en]);
  const topicName = (key: string | null): string => {
    const topic = d?.topics.find((x) => x.key === key);
    return topic ? (en ? topic.en : topic.zh) : t('behaviour.none');
  };
  return (
    <section className="card" data-testid="interest-drift">
      <h2 className="card-title">{t('behaviour.chart.drift')}</h2>
      {drift.error ? <ErrorNotice error={drift.error} /> : null}
      {d && option ? (
        <>
          <p className="muted" data-testid="drift-top">
            {t('behaviour.topNow', { now: topicName(d.topNow), before: topicName(d.topBefore) })}
          </p>
          {d.topics.some((x) => x.scores.some((v) => v > 0)) ? <ChartView option={option} height={240} label={t('behaviour.chart.drift')} testId="drift-chart" /> : null}
        </>
      ) : null}
    </section>
  );
}
