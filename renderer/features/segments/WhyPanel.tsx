/** Why a customer is in or out of the rule being edited: every condition with the customer's value and verdict. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentRule } from '#shared/api/segmentTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';

export function WhyPanel({ rule, enabled }: { readonly rule: SegmentRule; readonly enabled: boolean }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const [customer, setCustomer] = useState('');
  const job = useJob('segments.why');
  const r = job.result;
  return (
    <section className="card" data-testid="segments-why">
      <h2 className="card-title">{t('segments.why')}</h2>
      <p className="muted small">{t('segments.whyHint')}</p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void job.run({ customer, rule });
        }}
      >
        <label className="form-field">
          <span className="form-label">{t('segments.customer')}</span>
          <input className="input" value={customer} onChange={(e) => setCustomer(e.target.value)} data-testid="why-customer" />
        </label>
        <button type="submit" className="btn" disabled={!enabled || customer.trim() === '' || job.running} data-testid="why-run">
          {t('segments.explain')}
        </button>
      </form>
      {job.error ? <ErrorNotice error={job.error} testId="why-error" /> : null}
      {r ? (
        <div data-testid="why-result" data-in={r.inSegment ? 'yes' : 'no'}>
          <p>
            <strong className={r.inSegment ? 'why-in' : 'why-out'}>{r.inSegment ? t('segments.inSegment') : t('segments.notInSegment')}</strong>
            <span className="muted small">{` · ONE_ID ${r.oneId}${r.custNo ? ` · ${r.custNo}` : ''}`}</span>
          </p>
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('segments.condition')}</th>
                <th>{t('segments.actual')}</th>
                <th>{t('segments.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {r.conditions.map((c) => (
                <tr key={c.path} data-testid="why-condition" data-matched={c.matched ? 'yes' : 'no'}>
                  <td>{en ? c.readBack.en : c.readBack.zh}</td>
                  <td>{c.actual}</td>
                  <td className={c.matched ? 'why-in' : 'why-out'}>{c.matched ? `✓ ${t('segments.matched')}` : `✗ ${t('segments.unmatched')}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
