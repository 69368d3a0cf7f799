/**
 * 客群经营诊断: tiles for channel coverage, scenario penetration, product–group fit and stickiness, for all
 * customers or one saved segment. A tile drills down to a masked list of its customers and saves them as a
 * segment (segments.save with the tile's rule).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosisSection, DiagnosisTile } from '#shared/api/behaviourTypes.ts';
import { useWorkspace } from '#renderer/app/appContext.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';

const SECTIONS: readonly DiagnosisSection[] = ['channel', 'scenario', 'productFit', 'stickiness'];

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

export function DiagnosisView(): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const workspace = useWorkspace();
  const segments = useJob('segments.list');
  const overview = useJob('diagnosis.overview');
  const [segmentId, setSegmentId] = useState<number | null>(null);
  const [tile, setTile] = useState<DiagnosisTile | null>(null);
  const loadSegments = segments.run;
  const load = overview.run;
  const version = workspace.info?.savedAt ?? '';
  useEffect(() => {
    void loadSegments({});
  }, [loadSegments, version]);
  useEffect(() => {
    void load(segmentId === null ? {} : { segmentId });
  }, [load, segmentId, version]);
  const d = overview.result;

  return (
    <section className="page" data-testid="view-diagnosis">
      <div className="page-head">
        <h1 className="page-title">{t('diagnosis.title')}</h1>
      </div>
      <p className="muted">{t('diagnosis.intro')}</p>
      <section className="card">
        <div className="form-row">
          <label className="form-field">
            <span className="form-label">{t('diagnosis.base')}</span>
            <select className="select" value={segmentId ?? ''} onChange={(e) => {
                setTile(null);
                setSegmentId(e.target.value === '' ? null : Number(e.target.value));
              }} data-testid="diagnosis-base">
              <option value="">{t('diagnosis.all')}</option>
              {(segments.result ?? []).map((s) => (
                <option key={s.segmentId} value={s.segmentId}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          {d ? <span data-testid="diagnosis-count">{t('diagnosis.baseCount', { count: d.base, asOf: d.asOfDate ?? '-' })}</span> : null}
        </div>
        {overview.error ? <ErrorNotice error={overview.error} testId="diagnosis-error" /> : null}
      </section>
      {d
        ? SECTIONS.map((section) => (
            <section key={section} className="card" data-testid={`diagnosis-section-${section}`}>
              <h2 className="card-title">{t(`diagnosis.sections.${section}`)}</h2>
              <div className="chart-row">
                {d.tiles
                  .filter((x) => x.section === section)
                  .map((x) => (
                    <button key={x.id} type="button" className={`btn${tile?.id === x.id ? ' btn-primary' : ''}`} onClick={() => setTile(x)} data-testid={`diagnosis-tile-${x.id}`}>
                      <strong>{pct(x.share)}</strong> {en ? x.en : x.zh}
                      <span className="muted small">
                        {` · ${x.customers}`}
                        {x.mean !== null ? ` · ${t('diagnosis.mean', { value: x.mean })}` : ''}
                        {x.index !== null ? ` · ${t('diagnosis.index', { value: x.index })}` : ''}
                      </span>
                    </button>
                  ))}
              </div>
              {section === 'productFit' && d.fit.groups.length > 0 ? (
                <table className="grid-table small" data-testid="diagnosis-fit">
                  <caption>{t('diagnosis.fitTitle')}</caption>
                  <thead>
                    <tr>
                      <th>{t('diagnosis.group')}</th>
                      {d.fit.products.map((p) => (
                        <th key={p.key}>{en ? p.en : p.zh}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <td>{t('diagnosis.overall')}</td>
                      {d.fit.overall.map((r, i) => (
                        <td key={i} className="num">
                          {pct(r)}
                        </td>
                      ))}
                    </tr>
                    {d.fit.groups.map((g) => (
                      <tr key={g.key}>
                        <td>{`${en ? g.en : g.zh} (${g.size})`}</td>
                        {g.rates.map((r, i) => (
                          <td key={i} className="num">
                            {pct(r)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
          ))
        : null}
      {tile ? <Drill key={tile.id} tile={tile} en={en} onClose={() => setTile(null)} /> : null}
    </section>
  );
}

function Drill({ tile, en, onClose }: { readonly tile: DiagnosisTile; readonly en: boolean; readonly onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const customers = useJob('diagnosis.customers');
  const save = useJob('segments.save');
  const load = customers.run;
  useEffect(() => {
    void load({ rule: tile.rule, limit: 50 });
  }, [load, tile]);
  const r = customers.result;
  const name = en ? tile.en : tile.zh;
  return (
    <section className="card" data-testid="diagnosis-drill">
      <div className="card-head">
        <h2 className="card-title">{name}</h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('diagnosis.close')}
        </button>
      </div>
      {customers.error ? <ErrorNotice error={customers.error} /> : null}
      {r ? (
        <>
          <p className="muted" data-testid="diagnosis-drill-count">
            {t('diagnosis.customers', { count: r.count, shown: r.rows.length })}
          </p>
          <div className="form-row">
            <button type="button" className="btn btn-primary" disabled={save.running || save.result !== undefined} onClick={() => void save.run({ name: `诊断·${tile.zh}`, description: tile.en, rule: tile.rule })} data-testid="diagnosis-save-segment">
              {t('diagnosis.saveSegment')}
            </button>
            {save.result ? <span data-testid="diagnosis-saved">{t('diagnosis.saved', { name: save.result.name, count: save.result.count })}</span> : null}
            {save.error ? <ErrorNotice error={save.error} /> : null}
          </div>
          <table className="grid-table small" data-testid="diagnosis-drill-table">
            <thead>
              <tr>
                <th>{t('diagnosis.oneId')}</th>
                <th>{t('diagnosis.name')}</th>
                <th>{t('diagnosis.ageBand')}</th>
                <th>{t('diagnosis.city')}</th>
                <th>{t('diagnosis.aum')}</th>
                <th>{t('diagnosis.products')}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((c) => (
                <tr key={c.oneId}>
                  <td>{c.oneId}</td>
                  <td>{c.name}</td>
                  <td>{c.ageBand ?? '-'}</td>
                  <td>{c.city ?? '-'}</td>
                  <td className="num">{c.aumFen === null ? '-' : (c.aumFen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 0 })}</td>
                  <td className="num">{c.productCount ?? '-'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
