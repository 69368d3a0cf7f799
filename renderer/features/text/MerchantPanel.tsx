/** Merchant → life-scenario category rules: coverage, unknown merchants for review, and the editable rule table. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MerchantRuleRow } from '#shared/api/textTypes.ts';
import { MERCHANT_CATEGORIES } from '#shared/lexicon/merchantCategories.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';

export function MerchantPanel(): ReactNode {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const coverage = useJob('text.merchantCoverage');
  const rules = useJob('text.merchantRules');
  const [rows, setRows] = useState<readonly MerchantRuleRow[]>([]);
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState<{ category: string; match: 'keyword' | 'mcc'; pattern: string }>({ category: 'dining', match: 'keyword', pattern: '' });
  const { run: runCoverage } = coverage;
  const { run: runRules } = rules;

  useEffect(() => {
    void runCoverage({ limit: 100 });
    void runRules({}).then((r) => r && setRows(r));
  }, [runCoverage, runRules]);

  const apply = async (args: Parameters<typeof runRules>[0]): Promise<void> => {
    const r = await runRules(args);
    if (r) {
      setRows(r);
      void runCoverage({ limit: 100 });
    }
  };
  const catOptions = MERCHANT_CATEGORIES.map((c) => (
    <option key={c.key} value={c.key}>
      {en ? c.en : c.zh}
    </option>
  ));
  const c = coverage.result;
  const shown = rows.filter((r) => filter === '' || r.pattern.includes(filter) || r.categoryZh.includes(filter) || r.category.includes(filter)).slice(0, 300);
  return (
    <div className="card" data-testid="text-merchants">
      <h2 className="section-title">{t('text.merchants.title')}</h2>
      {coverage.error ? <ErrorNotice error={coverage.error} /> : null}
      {rules.error ? <ErrorNotice error={rules.error} /> : null}
      {c && c.merchants === 0 ? <p className="muted">{t('text.merchants.none')}</p> : null}
      {c && c.merchants > 0 ? (
        <>
          <p data-testid="text-merchant-coverage">
            {t('text.merchants.coverage', { merchants: c.merchants, categorized: c.categorized, share: `${((100 * c.categorizedTransactions) / Math.max(1, c.transactions)).toFixed(1)}%` })}
          </p>
          <h3 className="section-title">{t('text.merchants.unknown')}</h3>
          <table className="grid-table small" data-testid="text-unknown-merchants">
            <thead>
              <tr>
                <th>{t('text.merchants.merchant')}</th>
                <th>{t('text.merchants.mcc')}</th>
                <th>{t('text.merchants.transactions')}</th>
                <th>{t('text.merchants.addRule')}</th>
              </tr>
            </thead>
            <tbody>
              {c.unknown.slice(0, 30).map((u) => (
                <UnknownRow key={`${u.merchant}|${u.mcc ?? ''}`} merchant={u.merchant} mcc={u.mcc} transactions={u.transactions} options={catOptions} onAdd={(category) => void apply({ edit: { category, match: 'keyword', pattern: u.merchant } })} />
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h3 className="section-title">{t('text.merchants.rules')}</h3>
      <div className="toolbar">
        <select className="select" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })} data-testid="text-rule-category">
          {catOptions}
        </select>
        <select className="select select-narrow" value={draft.match} onChange={(e) => setDraft({ ...draft, match: e.target.value as 'keyword' | 'mcc' })}>
          <option value="keyword">{t('text.merchants.matches.keyword')}</option>
          <option value="mcc">{t('text.merchants.matches.mcc')}</option>
        </select>
        <input className="input" value={draft.pattern} placeholder={t('text.merchants.pattern')} onChange={(e) => setDraft({ ...draft, pattern: e.target.value })} data-testid="text-rule-pattern" />
        <button type="button" className="btn" disabled={draft.pattern.trim() === ''} onClick={() => void apply({ edit: draft }).then(() => setDraft({ ...draft, pattern: '' }))} data-testid="text-rule-save">
          {t('text.merchants.save')}
        </button>
        <input className="input" style={{ width: 140 }} value={filter} placeholder={t('text.merchants.filter')} onChange={(e) => setFilter(e.target.value)} data-testid="text-rule-filter" />
      </div>
      <div style={{ maxHeight: 320, overflow: 'auto' }}>
        <table className="grid-table small" data-testid="text-rules">
          <thead>
            <tr>
              <th>{t('text.merchants.category')}</th>
              <th>{t('text.merchants.match')}</th>
              <th>{t('text.merchants.pattern')}</th>
              <th>{t('text.merchants.priority')}</th>
              <th>{t('text.merchants.enabled')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id} data-testid="text-rule-row">
                <td>{en ? r.category : r.categoryZh}</td>
                <td>{t(`text.merchants.matches.${r.match}`)}</td>
                <td>{r.pattern}</td>
                <td className="num">{r.priority}</td>
                <td>
                  <input type="checkbox" checked={r.enabled} onChange={(e) => void apply({ edit: { category: r.category, match: r.match, pattern: r.pattern, priority: r.priority, enabled: e.target.checked } })} />
                </td>
                <td className="small">
                  {t(`text.merchants.origin.${r.origin}`)}
                  {r.edited ? (
                    <>
                      {' · '}
                      {t('text.merchants.edited')}{' '}
                      <button type="button" className="btn btn-small" onClick={() => void apply({ reset: r.id })}>
                        {t('text.merchants.reset')}
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function UnknownRow({ merchant, mcc, transactions, options, onAdd }: { readonly merchant: string; readonly mcc: string | null; readonly transactions: number; readonly options: ReactNode; readonly onAdd: (category: string) => void }): ReactNode {
  const { t } = useTranslation();
  const [category, setCategory] = useState('wealth');
  return (
    <tr data-testid="text-unknown-row">
      <td>{merchant}</td>
      <td>{mcc ?? ''}</td>
      <td className="num">{transactions}</td>
      <td>
        <select className="select select-narrow" value={category} onChange={(e) => setCategory(e.target.value)}>
          {options}
        </select>
        <button type="button" className="btn btn-small" onClick={() => onAdd(category)} data-testid="text-unknown-add">
          {t('text.merchants.addRule')}
        </button>
      </td>
    </tr>
  );
}
