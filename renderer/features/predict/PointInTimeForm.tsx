/**
 * The point-in-time choices of 预测建模: what the target is (churn, campaign response, first loan, a product), the
 * outcome window after the reference date, and the reference date itself (empty: the engine's default).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PitTarget, PointInTimeArgs } from '#shared/api/predictTypes.ts';

export interface PitChoice {
  readonly kind: PitTarget['kind'];
  readonly amount: number;
  readonly unit: PitTarget['unit'];
  readonly category: string;
  readonly referenceDate: string;
}

const KINDS: readonly PitTarget['kind'][] = ['churn', 'response', 'first_loan', 'product'];
const UNITS: readonly PitTarget['unit'][] = ['month', 'day'];

/** The window each target starts with: churn and products over a quarter, a response within a month, a loan within half a year. */
const DEFAULT_WINDOW: Readonly<Record<PitTarget['kind'], { amount: number; unit: PitTarget['unit'] }>> = {
  churn: { amount: 3, unit: 'month' },
  response: { amount: 30, unit: 'day' },
  first_loan: { amount: 6, unit: 'month' },
  product: { amount: 3, unit: 'month' },
};

export const DEFAULT_PIT: PitChoice = { kind: 'churn', ...DEFAULT_WINDOW.churn, category: '', referenceDate: '' };

/** The engine arguments of a choice. */
export function pointInTimeArgs(c: PitChoice): PointInTimeArgs {
  const category = c.kind === 'product' && c.category.trim() ? { category: c.category.trim() } : {};
  return { target: { kind: c.kind, amount: c.amount, unit: c.unit, ...category }, ...(c.referenceDate ? { referenceDate: c.referenceDate } : {}) };
}

export function PointInTimeForm({ value, disabled, onChange }: { readonly value: PitChoice; readonly disabled: boolean; readonly onChange: (c: PitChoice) => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('predict.pit.kind')}</span>
          <select
            className="select"
            value={value.kind}
            disabled={disabled}
            onChange={(e) => {
              const kind = e.target.value as PitTarget['kind'];
              onChange({ ...value, kind, ...DEFAULT_WINDOW[kind] });
            }}
            data-testid="predict-pit-kind"
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`predict.pit.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('predict.pit.amount')}</span>
          <span>
            <input
              type="number"
              className="input"
              style={{ width: '5em' }}
              min={1}
              value={value.amount}
              disabled={disabled}
              onChange={(e) => onChange({ ...value, amount: Math.max(1, Math.floor(Number(e.target.value) || 1)) })}
              data-testid="predict-pit-amount"
            />{' '}
            <select className="select" value={value.unit} disabled={disabled} onChange={(e) => onChange({ ...value, unit: e.target.value as PitTarget['unit'] })} data-testid="predict-pit-unit">
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`predict.pit.units.${u}`)}
                </option>
              ))}
            </select>
          </span>
        </label>
        {value.kind === 'product' ? (
          <label className="form-field">
            <span className="form-label">{t('predict.pit.category')}</span>
            <input className="input" value={value.category} placeholder={t('predict.pit.categoryHint')} disabled={disabled} onChange={(e) => onChange({ ...value, category: e.target.value })} data-testid="predict-pit-category" />
          </label>
        ) : null}
        <label className="form-field">
          <span className="form-label">{t('predict.pit.reference')}</span>
          <input type="date" className="input" value={value.referenceDate} title={t('predict.pit.referenceHint')} disabled={disabled} onChange={(e) => onChange({ ...value, referenceDate: e.target.value })} data-testid="predict-pit-reference" />
        </label>
      </div>
      <p className="muted small">
        {t('predict.pit.referenceHint')}
        {' · '}
        {t('predict.pit.explain')}
      </p>
    </>
  );
}
