/** Keywords of a group of notes (TF-IDF, TextRank, or contrast with the rest: text TGI), as a word cloud and bars. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KeywordMethod, NoteGrouping } from '#shared/api/textTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { keywordBarOption, wordCloudList } from './textCharts.ts';
import { groupFilter, type DrillDown } from './textFilter.ts';
import { WordCloud } from './WordCloud.tsx';

const GROUPINGS: readonly NoteGrouping[] = ['all', 'channel', 'category', 'sentiment', 'topic', 'month'];

export function KeywordsPanel({ onDrill }: { readonly onDrill: (d: DrillDown) => void }): ReactNode {
  const { t } = useTranslation();
  const [method, setMethod] = useState<KeywordMethod>('tfidf');
  const [by, setBy] = useState<NoteGrouping>('all');
  const [group, setGroup] = useState<string | undefined>(undefined);
  const groups = useJob('text.groups');
  const kw = useJob('text.keywords');
  const { run: runGroups } = groups;
  const { run: runKw } = kw;

  const changeBy = (next: NoteGrouping): void => {
    setBy(next);
    setGroup(undefined);
    if (next !== 'all') void runGroups({ by: next }).then((g) => setGroup(g?.[0]?.group));
  };

  const filter = useMemo(() => groupFilter(by, group), [by, group]);
  useEffect(() => {
    if (by !== 'all' && group === undefined) return;
    void runKw({ method: method === 'contrast' && by === 'all' ? 'tfidf' : method, filter, limit: 40 });
  }, [runKw, method, by, group, filter]);

  const rows = useMemo(() => kw.result ?? [], [kw.result]);
  const words = useMemo(() => wordCloudList(rows), [rows]);
  const bars = useMemo(() => keywordBarOption(rows.slice(0, 15), t('text.keywords.bars')), [rows, t]);
  const drill = (word: string): void => onDrill({ filter: { ...filter, word }, caption: `${by === 'all' ? t('text.keywords.all') : `${t(`text.groupings.${by}`)}=${group ?? ''}`} · ${word}` });

  return (
    <div className="card" data-testid="text-keywords">
      <h2 className="section-title">{t('text.keywords.title')}</h2>
      <div className="toolbar">
        <label className="form-field">
          <span className="form-label">{t('text.keywords.method')}</span>
          <select className="select" value={method} onChange={(e) => setMethod(e.target.value as KeywordMethod)} data-testid="text-kw-method">
            {(['tfidf', 'textrank', 'contrast'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`text.keywords.methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('text.keywords.groupBy')}</span>
          <select className="select" value={by} onChange={(e) => changeBy(e.target.value as NoteGrouping)} data-testid="text-kw-by">
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`text.groupings.${g}`)}
              </option>
            ))}
          </select>
        </label>
        {by !== 'all' ? (
          <label className="form-field">
            <span className="form-label">{t('text.keywords.group')}</span>
            <select className="select" value={group ?? ''} onChange={(e) => setGroup(e.target.value)} data-testid="text-kw-group">
              {(groups.result ?? []).map((g) => (
                <option key={g.group} value={g.group}>
                  {g.group} ({g.notes})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <span className="muted small">{t('text.keywords.clickHint')}</span>
      </div>
      {kw.error ? <ErrorNotice error={kw.error} /> : null}
      <div className="chart-row">
        <div className="chart-card" style={{ flex: 1 }}>
          <WordCloud words={words} height={280} label={t('text.keywords.cloud')} onWord={drill} testId="text-wordcloud" />
        </div>
        <div className="chart-card" style={{ flex: 1 }}>
          <ChartView option={bars} height={280} label={t('text.keywords.bars')} testId="text-kw-bars" onClick={(p) => drill(p.name)} />
        </div>
      </div>
      <table className="grid-table small" data-testid="text-kw-table">
        <tbody>
          {rows.slice(0, 15).map((r) => (
            <tr key={r.word}>
              <td>
                <button type="button" className="table-link" onClick={() => drill(r.word)}>
                  {r.word}
                </button>
              </td>
              <td className="num">{r.score.toFixed(2)}</td>
              <td className="num">
                {r.notes} {t('text.keywords.notes')}
              </td>
              {r.tgi !== undefined ? <td className="num">{r.tgi === null ? '—' : `${t('text.keywords.tgi')} ${r.tgi}`}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
