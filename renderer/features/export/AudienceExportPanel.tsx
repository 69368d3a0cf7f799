/**
 * The audience-export form: segment, channel preset, format, columns, SMS template, product, planned time,
 * campaign and control group, masking (a reason to unmask) and salted hashing; a compliance check before the
 * export; progress with cancel; then the file and its manifest to download.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressEvent } from '#shared/api/engineApi.ts';
import type { AudienceExportResult, ContactChannel, CsvEncoding, ExportCatalog, ExportFormat, ExportPreset, HashableField, HeaderLanguage } from '#shared/api/exportTypes.ts';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useJob } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { exportZh } from './export.i18n.ts';
import { ComplianceSummary, CountsStrip, ReasonTable } from './ComplianceSummary.tsx';
import { checkKey, DEFAULT_FORM, formIssues, manifestName, toArgs, toggle, type ExportForm } from './exportModel.ts';

const PRESETS: readonly ExportPreset[] = ['sms', 'wechat', 'push', 'call', 'custom'];
const CHANNELS: readonly ContactChannel[] = ['sms', 'wechat', 'push', 'call', 'other'];
const HASH_FIELDS: readonly HashableField[] = ['phone', 'id_no'];

type StepKey = keyof typeof exportZh.steps;

/** The engine's export steps shown as the generic 导出 step with this page's own words as detail. */
function useStepProgress(): (p: ProgressEvent | null) => ProgressEvent | null {
  const { t } = useTranslation();
  return (p) => {
    if (!p) return null;
    const part = p.step.startsWith('export.') ? p.step.slice('export.'.length) : '';
    if (!(part in exportZh.steps)) return p;
    return { ...p, step: 'export', detail: t(`export.steps.${part as StepKey}`) };
  };
}

export function AudienceExportPanel({ catalog, onExported }: { readonly catalog: ExportCatalog; readonly onExported: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const platform = usePlatform();
  const [form, setForm] = useState<ExportForm>(DEFAULT_FORM);
  const [checkedKey, setCheckedKey] = useState<string | null>(null);
  const preview = useJob('export.preview');
  const exporter = useJob('export.audience');
  const stepProgress = useStepProgress();

  const segmentId = form.segmentId !== null && catalog.segments.some((s) => s.segmentId === form.segmentId) ? form.segmentId : (catalog.segments[0]?.segmentId ?? null);
  const effective: ExportForm = { ...form, segmentId };
  const issues = formIssues(effective);
  const set = (patch: Partial<ExportForm>): void => setForm((f) => ({ ...f, ...patch }));
  const columnLabel = (key: string): string => {
    const c = catalog.columns.find((x) => x.key === key);
    return c ? (lang === 'en' ? c.en : c.zh) : key;
  };

  const runCheck = async (): Promise<void> => {
    if (segmentId === null) return;
    const key = checkKey(effective);
    const r = await preview.run(toArgs(effective, segmentId));
    if (r) setCheckedKey(key);
  };
  const runExport = async (): Promise<void> => {
    if (segmentId === null) return;
    const r = await exporter.run(toArgs(effective, segmentId));
    if (r) onExported();
  };

  if (catalog.segments.length === 0) {
    return (
      <section className="card" data-testid="export-audience">
        <h2 className="card-title">{t('export.audience.title')}</h2>
        <div className="empty-state" data-testid="export-no-segments">
          {t('export.audience.noSegments')}
        </div>
      </section>
    );
  }

  return (
    <section className="card" data-testid="export-audience">
      <h2 className="card-title">{t('export.audience.title')}</h2>
      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('export.audience.segment')}</span>
          <select className="select" data-testid="export-segment" value={segmentId ?? ''} onChange={(e) => set({ segmentId: Number(e.target.value) })}>
            {catalog.segments.map((s) => (
              <option key={s.segmentId} value={s.segmentId}>
                {`${s.name}（${t('export.audience.members', { count: s.size })}）`}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('export.audience.preset')}</span>
          <select className="select" data-testid="export-preset" value={form.preset} onChange={(e) => set({ preset: e.target.value as ExportPreset })}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`export.audience.presets.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('export.audience.format')}</span>
          <select className="select select-narrow" data-testid="export-format" value={form.format} onChange={(e) => set({ format: e.target.value as ExportFormat })}>
            <option value="csv">{t('export.audience.formats.csv')}</option>
            <option value="xlsx">{t('export.audience.formats.xlsx')}</option>
          </select>
        </label>
        {form.format === 'csv' ? (
          <label className="form-field">
            <span className="form-label">{t('export.audience.encoding')}</span>
            <select className="select" data-testid="export-encoding" value={form.encoding} onChange={(e) => set({ encoding: e.target.value as CsvEncoding })}>
              <option value="utf8-bom">{t('export.audience.encodings.utf8-bom')}</option>
              <option value="gbk">{t('export.audience.encodings.gbk')}</option>
            </select>
          </label>
        ) : null}
        <label className="form-field">
          <span className="form-label">{t('export.audience.header')}</span>
          <select className="select select-narrow" data-testid="export-header" value={form.headerLanguage} onChange={(e) => set({ headerLanguage: e.target.value as HeaderLanguage })}>
            <option value="zh">{t('export.audience.headers.zh')}</option>
            <option value="en">{t('export.audience.headers.en')}</option>
          </select>
        </label>
      </div>

      {form.preset === 'custom' ? (
        <fieldset className="export-fieldset" data-testid="export-columns">
          <legend className="form-label">{`${t('export.audience.columns')} · ${t('export.audience.columnsHint')}`}</legend>
          <div className="export-checks">
            {catalog.columns
              .filter((c) => c.key !== 'one_id')
              .map((c) => (
                <label key={c.key} className="form-field">
                  <input
                    type="checkbox"
                    checked={form.columns.includes(c.key)}
                    onChange={(e) => set({ columns: toggle(form.columns, c.key, e.target.checked, catalog.columns.map((x) => x.key)) })}
                  />
                  {columnLabel(c.key)}
                </label>
              ))}
          </div>
          <label className="form-field">
            <span className="form-label">{t('export.audience.channel')}</span>
            <select className="select select-narrow" data-testid="export-channel" value={form.channel} onChange={(e) => set({ channel: e.target.value as ContactChannel })}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`export.audience.channels.${c}`)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      ) : null}

      {form.preset === 'sms' || form.preset === 'custom' ? (
        <div className="form-col">
          <label className="form-label" htmlFor="export-template">
            {t('export.audience.template')}
          </label>
          <textarea
            id="export-template"
            className="input export-template"
            rows={2}
            data-testid="export-template"
            placeholder={t('export.audience.templatePlaceholder')}
            value={form.smsTemplate}
            onChange={(e) => set({ smsTemplate: e.target.value })}
          />
          <span className="muted small">
            {t('export.audience.templateVariables')} {catalog.templateVariables.map((v) => `{${v.name}}`).join(' ')}
          </span>
        </div>
      ) : null}

      <div className="form-row">
        <label className="form-field">
          <span className="form-label">{t('export.audience.product')}</span>
          <select className="select" data-testid="export-product" value={form.productCode} onChange={(e) => set({ productCode: e.target.value })}>
            <option value="">{t('export.audience.noProduct')}</option>
            {catalog.products.map((p) => (
              <option key={p.code} value={p.code}>
                {`${p.code} ${p.name ?? ''}${p.riskLevel ? ` (${p.riskLevel})` : ''}`}
              </option>
            ))}
          </select>
        </label>
        <label className="form-field" title={t('export.audience.plannedAtHint')}>
          <span className="form-label">{t('export.audience.plannedAt')}</span>
          <input type="datetime-local" className="input" data-testid="export-planned-at" value={form.plannedAt} onChange={(e) => set({ plannedAt: e.target.value })} />
        </label>
        <label className="form-field" title={t('export.audience.campaignHint')}>
          <span className="form-label">{t('export.audience.campaign')}</span>
          <input className="input" data-testid="export-campaign" value={form.campaignKey} onChange={(e) => set({ campaignKey: e.target.value })} />
        </label>
        <label className="form-field" title={t('export.audience.holdoutHint')}>
          <span className="form-label">{t('export.audience.holdout')}</span>
          <input className="input input-num" inputMode="decimal" data-testid="export-holdout" value={form.holdoutPercent} onChange={(e) => set({ holdoutPercent: e.target.value })} />
        </label>
      </div>

      <fieldset className="export-fieldset">
        <legend className="form-label">{t('export.audience.masking')}</legend>
        <label className="form-field">
          <input type="radio" name="export-masking" data-testid="export-masked" checked={!form.unmask} onChange={() => set({ unmask: false })} />
          {t('export.audience.masked')}
        </label>
        <label className="form-field">
          <input type="radio" name="export-masking" data-testid="export-unmask" checked={form.unmask} onChange={() => set({ unmask: true })} />
          {t('export.audience.unmask')}
        </label>
        {form.unmask ? (
          <label className="form-field">
            <span className="form-label">{t('export.audience.unmaskReason')}</span>
            <input className="input export-wide" data-testid="export-unmask-reason" value={form.unmaskReason} onChange={(e) => set({ unmaskReason: e.target.value })} />
          </label>
        ) : null}
        <label className="form-field">
          <input type="checkbox" data-testid="export-hash" checked={form.hash} onChange={(e) => set({ hash: e.target.checked })} />
          {t('export.audience.hash')}
        </label>
        {form.hash ? (
          <div className="form-row">
            {HASH_FIELDS.map((f) => (
              <label key={f} className="form-field">
                <input type="checkbox" checked={form.hashFields.includes(f)} onChange={(e) => set({ hashFields: toggle(form.hashFields, f, e.target.checked, HASH_FIELDS) })} />
                {t(`export.audience.hashFields.${f}`)}
              </label>
            ))}
            <label className="form-field" title={t('export.audience.saltHint')}>
              <span className="form-label">{t('export.audience.salt')}</span>
              <input className="input" type="password" autoComplete="off" data-testid="export-salt" value={form.salt} onChange={(e) => set({ salt: e.target.value })} />
            </label>
            <span className="muted small">{t('export.audience.saltHint')}</span>
          </div>
        ) : null}
      </fieldset>

      {issues.length > 0 && !issues.includes('no_segment') ? (
        <ul className="export-problems" data-testid="export-form-issues">
          {issues.map((i) => (
            <li key={i} className="warn-text">
              {i === 'no_segment' ? '' : t(`export.problems.${i}`)}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="toolbar">
        <button type="button" className="btn" data-testid="export-check" disabled={segmentId === null || preview.running || exporter.running} onClick={() => void runCheck()}>
          {preview.running ? t('export.audience.checking') : t('export.audience.check')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="export-run" disabled={issues.length > 0 || exporter.running || preview.running} onClick={() => void runExport()}>
          {t('export.audience.export')}
        </button>
      </div>
      {preview.running ? (
        <JobProgress progress={stepProgress(preview.progress)} cancelling={preview.cancelling} onCancel={preview.cancel} label={t('export.audience.checking')} testId="export-check-progress" />
      ) : null}
      {preview.error ? <ErrorNotice error={preview.error} testId="export-check-error" /> : null}
      {preview.result ? <ComplianceSummary preview={preview.result} stale={checkedKey !== checkKey(effective)} /> : null}

      {exporter.running ? (
        <JobProgress
          progress={stepProgress(exporter.progress)}
          cancelling={exporter.cancelling}
          onCancel={exporter.cancel}
          label={t('export.audience.exporting')}
          testId="export-progress"
          cancelTestId="export-cancel"
        />
      ) : null}
      {exporter.cancelled ? <p className="muted" data-testid="export-cancelled">{t('export.audience.cancelled')}</p> : null}
      {exporter.error ? <ErrorNotice error={exporter.error} testId="export-error" /> : null}
      {exporter.result ? <ExportResult result={exporter.result} save={(name, bytes, mime) => platform.saveFile(name, bytes.slice(), mime)} /> : null}
    </section>
  );
}

function ExportResult({ result, save }: { readonly result: AudienceExportResult; readonly save: (name: string, bytes: Uint8Array, mime: string) => Promise<string | null> }): ReactNode {
  const { t } = useTranslation();
  const m = result.manifest;
  return (
    <section className="card export-result" data-testid="export-result" data-export-id={m.exportId}>
      <h3 className="card-title">{t('export.result.title')}</h3>
      <CountsStrip counts={m.counts} done />
      <dl className="export-facts">
        <dt>{t('export.result.file')}</dt>
        <dd data-testid="export-file-name">{result.fileName}</dd>
        <dt>{t('export.result.rows')}</dt>
        <dd data-testid="export-rows">{m.file.rows.toLocaleString()}</dd>
        <dt>{t('export.result.sha')}</dt>
        <dd>
          <code data-testid="export-sha256">{m.file.sha256}</code>
        </dd>
      </dl>
      <ReasonTable counts={m.counts} />
      <div className="toolbar">
        <button type="button" className="btn btn-primary" data-testid="export-download-file" onClick={() => void save(result.fileName, result.bytes, result.mime)}>
          {t('export.result.downloadFile')}
        </button>
        <button type="button" className="btn" data-testid="export-download-manifest" onClick={() => void save(manifestName(result.fileName), result.manifestBytes, 'application/json')}>
          {t('export.result.downloadManifest')}
        </button>
      </div>
      <p className="muted small">{t('export.result.why', { name: result.fileName })}</p>
    </section>
  );
}
