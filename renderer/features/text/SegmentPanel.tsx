/** Segmentation preview and the bank-dictionary editor. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DictionaryEntry } from '#shared/api/textTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

const SAMPLE = '手机银行提额失败，大额存单到账了吗？信用卡分期手续费太高！';

export function SegmentPanel(): ReactNode {
  const { t } = useTranslation();
  const [text, setText] = useState(SAMPLE);
  const [word, setWord] = useState('');
  const [filter, setFilter] = useState('');
  const preview = useJob('text.preview');
  const dict = useJob('text.dictionary');
  const [entries, setEntries] = useState<readonly DictionaryEntry[]>([]);
  const { run: runPreview } = preview;
  const { run: runDict } = dict;

  useEffect(() => {
    void runDict({}).then((d) => d && setEntries(d));
  }, [runDict]);

  useEffect(() => {
    const id = setTimeout(() => void runPreview({ text }), 250);
    return () => clearTimeout(id);
  }, [runPreview, text, entries]);

  const edit = async (args: Parameters<typeof runDict>[0]): Promise<void> => {
    const d = await runDict(args);
    if (d) setEntries(d);
    setWord('');
  };

  const shown = entries.filter((e) => filter === '' || e.word.includes(filter)).slice(0, 200);
  return (
    <div className="card" data-testid="text-segment">
      <h2 className="section-title">{t('text.segment.title')}</h2>
      <textarea className="input" rows={2} style={{ width: '100%' }} value={text} placeholder={t('text.segment.placeholder')} onChange={(e) => setText(e.target.value)} data-testid="text-preview-input" />
      {preview.result ? (
        <div data-testid="text-preview-tokens" style={{ margin: '8px 0' }}>
          {preview.result.tokens.map((tk, i) => (
            <span
              key={i}
              className={`badge${tk.dictionary ? ' badge-saved' : ''}`}
              style={{ marginRight: 4, opacity: tk.stop ? 0.45 : 1 }}
              title={tk.dictionary ? t('text.segment.legendDict') : tk.stop ? t('text.segment.legendStop') : ''}
              data-testid="text-token"
            >
              {tk.word}
            </span>
          ))}
          <div className="muted small">
            {t('text.segment.sentimentOf', { label: t(`text.sentiment.labels.${preview.result.sentiment.label}`), score: preview.result.sentiment.score })}
            {preview.result.aspects.length > 0 ? ` · ${preview.result.aspects.map((a) => `${a.aspect}:${t(`text.sentiment.labels.${a.label}`)}`).join(' ')}` : ''}
          </div>
        </div>
      ) : null}
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      <h3 className="section-title">{t('text.segment.dictTitle')}</h3>
      <div className="toolbar">
        <input className="input" value={word} placeholder={t('text.segment.wordPlaceholder')} onChange={(e) => setWord(e.target.value)} data-testid="text-dict-word" />
        <button type="button" className="btn" disabled={word.trim() === ''} onClick={() => void edit({ edit: { word, action: 'add' } })} data-testid="text-dict-add">
          {t('text.segment.addWord')}
        </button>
        <button type="button" className="btn" disabled={word.trim() === ''} onClick={() => void edit({ edit: { word, action: 'remove' } })} data-testid="text-dict-remove">
          {t('text.segment.removeWord')}
        </button>
        <input className="input" value={filter} placeholder="🔍" onChange={(e) => setFilter(e.target.value)} style={{ width: 120 }} />
        <span className="muted small">{t('text.segment.rerunHint')}</span>
      </div>
      {dict.error ? <ErrorNotice error={dict.error} /> : null}
      <div className="small" style={{ maxHeight: 120, overflow: 'auto' }} data-testid="text-dict-list">
        {shown.map((e) => (
          <span key={e.word} className={`badge${e.origin === 'user' ? ' badge-saved' : e.origin === 'removed' ? ' badge-failed' : ''}`} style={{ marginRight: 4 }} title={t(`text.segment.origin.${e.origin}`)}>
            {e.word}
            {e.origin !== 'default' ? (
              <button type="button" className="btn-ghost btn-small" onClick={() => void edit({ reset: e.word })} aria-label={t('text.segment.reset')}>
                ↺
              </button>
            ) : null}
          </span>
        ))}
      </div>
    </div>
  );
}
