/** Topics with editable names and tag kind, and topics over time; clicking a bar shows that topic's notes in that month. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopicRow } from '#shared/api/textTypes.ts';
import { ChartView } from '#renderer/charts/ChartView.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { topicTimeOption } from './textCharts.ts';
import type { DrillDown } from './textFilter.ts';

export function TopicsPanel({ onDrill }: { readonly onDrill: (d: DrillDown) => void }): ReactNode {
  const { t } = useTranslation();
  const job = useJob('text.topics');
  const { run } = job;
  useEffect(() => {
    void run({});
  }, [run]);
  const result = job.result;
  const option = useMemo(() => (result ? topicTimeOption(result, t('text.topics.overTime')) : null), [result, t]);
  if (job.error) return <ErrorNotice error={job.error} />;
  if (!result) return null;
  return (
    <div className="card" data-testid="text-topics">
      <h2 className="section-title">
        {t('text.topics.title')} <span className="muted small">{t('text.topics.kChosen', { k: result.topics.length })}</span>
      </h2>
      <table className="grid-table small">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('text.topics.name')}</th>
            <th>{t('text.topics.words')}</th>
            <th>{t('text.topics.notes')}</th>
            <th>{t('text.topics.coherence')}</th>
            <th>{t('text.topics.tag')}</th>
          </tr>
        </thead>
        <tbody>
          {result.topics.map((tp) => (
            <TopicLine key={tp.topic} topic={tp} onSaved={() => void run({})} onDrill={() => onDrill({ filter: { topic: tp.topic }, caption: `${t('text.groupings.topic')} ${tp.name}` })} />
          ))}
        </tbody>
      </table>
      {option ? (
        <ChartView
          option={option}
          height={300}
          label={t('text.topics.overTime')}
          testId="text-topic-time"
          onClick={(p) => {
            const tp = result.topics[p.seriesIndex ?? -1];
            if (tp) onDrill({ filter: { by: 'month', group: p.name, topic: tp.topic }, caption: `${p.name} · ${tp.name}` });
          }}
        />
      ) : null}
    </div>
  );
}

function TopicLine({ topic, onSaved, onDrill }: { readonly topic: TopicRow; readonly onSaved: () => void; readonly onDrill: () => void }): ReactNode {
  const { t } = useTranslation();
  const [name, setName] = useState(topic.name);
  const [kind, setKind] = useState<'none' | 'interest' | 'risk'>(topic.tagKind ?? 'none');
  const save = useJob('text.editTopic');
  const dirty = name !== topic.name || kind !== (topic.tagKind ?? 'none');
  return (
    <tr data-testid="text-topic-row">
      <td>{topic.topic}</td>
      <td>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="text-topic-name" />
      </td>
      <td>
        <button type="button" className="table-link" onClick={onDrill}>
          {topic.words.slice(0, 8).map((w) => w.word).join(' ')}
        </button>
      </td>
      <td className="num">{topic.notes}</td>
      <td className="num">{topic.coherence === null ? '—' : topic.coherence.toFixed(2)}</td>
      <td>
        <select className="select select-narrow" value={kind} onChange={(e) => setKind(e.target.value as 'none' | 'interest' | 'risk')} data-testid="text-topic-kind">
          {(['none', 'interest', 'risk'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`text.topics.tagKinds.${k}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-small"
          disabled={!dirty || save.running}
          onClick={() => void save.run({ topic: topic.topic, name, tagKind: kind === 'none' ? null : kind }).then((r) => r && onSaved())}
          data-testid="text-topic-save"
        >
          {t('text.topics.save')}
        </button>
        {save.result && save.result.topic.tagKind ? <span className="muted small" data-testid="text-topic-tagged"> {t('text.topics.tagged', { count: save.result.customers })}</span> : null}
        {save.error ? <ErrorNotice error={save.error} /> : null}
      </td>
    </tr>
  );
}
