/** Trains a sentiment classifier on labelled notes (or a labelled file), shows its held-out accuracy, and switches it on. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function TrainPanel(): ReactNode {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'nb' | 'lr'>('nb');
  const [file, setFile] = useState<File | null>(null);
  const [textColumn, setTextColumn] = useState('text');
  const [labelColumn, setLabelColumn] = useState('label');
  const train = useJob('text.train');
  const list = useJob('text.classifiers');
  const use = useJob('text.useClassifier');
  const { run: runList } = list;
  useEffect(() => {
    void runList({});
  }, [runList, train.result, use.result]);

  const fromFile = async (): Promise<void> => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await train.run({ kind, file: { bytes, textColumn, labelColumn } });
  };
  const active = list.result?.find((c) => c.active);
  const r = train.result;
  return (
    <div className="card" data-testid="text-train">
      <h2 className="section-title">{t('text.train.title')}</h2>
      <p className="muted small">{t('text.train.intro')}</p>
      <div className="toolbar">
        <select className="select" value={kind} onChange={(e) => setKind(e.target.value as 'nb' | 'lr')} data-testid="text-train-kind">
          {(['nb', 'lr'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`text.train.kinds.${k}`)}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={train.running} onClick={() => void train.run({ kind })} data-testid="text-train-labels">
          {t('text.train.fromLabels')}
        </button>
        <input type="file" accept=".csv,.tsv,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="text-train-file" />
        <input className="input" style={{ width: 90 }} value={textColumn} onChange={(e) => setTextColumn(e.target.value)} aria-label={t('text.train.textColumn')} />
        <input className="input" style={{ width: 90 }} value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} aria-label={t('text.train.labelColumn')} />
        <button type="button" className="btn" disabled={!file || train.running} onClick={() => void fromFile()} data-testid="text-train-from-file">
          {t('text.train.fromFile')}
        </button>
      </div>
      {train.error ? <ErrorNotice error={train.error} testId="text-train-error" /> : null}
      {r ? (
        <div data-testid="text-train-result">
          <p>
            {t('text.train.result', { test: r.testSize, train: r.trainSize, accuracy: pct(r.accuracy), f1: r.macroF1.toFixed(3), lexAccuracy: pct(r.lexiconAccuracy), lexF1: r.lexiconMacroF1.toFixed(3) })}
          </p>
          {r.skipped.length > 0 ? <p className="muted small">{t('text.train.skipped', { count: r.skipped.length })}</p> : null}
          <button type="button" className="btn btn-primary" disabled={use.running} onClick={() => void use.run({ classifierId: r.classifierId })} data-testid="text-train-use">
            {t('text.train.use')}
          </button>
        </div>
      ) : null}
      {active ? (
        <p className="small" data-testid="text-train-active">
          {t('text.train.active', { kind: t(`text.train.kinds.${active.kind === 'lr' ? 'lr' : 'nb'}`), accuracy: pct(active.accuracy) })}{' '}
          <button type="button" className="btn btn-small" onClick={() => void use.run({ classifierId: null })}>
            {t('text.train.useLexicon')}
          </button>
        </p>
      ) : null}
    </div>
  );
}
