import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MappingTemplate, MoneyUnit, ReadOptions } from '#shared/api/ingestTypes.ts';
import { ENTITIES } from '#shared/model/entities.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { entityLabel } from '#renderer/i18n/labels.ts';
import { messageText } from '#renderer/i18n/messages.ts';
import { DELIMITERS, delimiterText, encodingChoices, missingRequired, type FileEntry, type ImportKind } from './importModel.ts';
import { MappingTable } from './MappingTable.tsx';

export interface FileCardProps {
  readonly index: number;
  readonly entry: FileEntry;
  readonly templates: readonly MappingTemplate[];
  readonly disabled: boolean;
  readonly onRead: (patch: ReadOptions) => void;
  readonly onKind: (kind: ImportKind) => void;
  readonly onTemplate: (name: string) => void;
  readonly onSaveTemplate: (name: string) => Promise<unknown>;
  readonly onField: (sourceIndex: number, field: string | null) => void;
  readonly onOtherKindField: (sourceIndex: number, kind: ImportKind, field: string) => void;
  readonly onMoneyUnit: (sourceIndex: number, unit: MoneyUnit) => void;
  readonly onTableName: (name: string) => void;
  readonly onRemove: () => void;
}

const sizeText = (bytes: number): string => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** One file of the wizard: what was detected, the overrides, and the column mapping. */
export function FileCard(props: FileCardProps): ReactNode {
  const { index, entry, disabled } = props;
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const p = entry.preview;
  const generic = t('import.genericTable');
  // Title lines and unmapped required fields have their own, live panels below; the rest are listed as notes.
  const warnings = p?.warnings.filter((w) => w.code !== 'ingest.titleLines' && w.code !== 'ingest.requiredUnmapped') ?? [];
  return (
    <section className="card file-card" data-testid={`file-card-${index}`} aria-label={entry.file.name}>
      <div className="card-head">
        <h3 className="card-title" data-testid="file-name">
          {entry.file.name}
        </h3>
        <span className="muted small">{sizeText(entry.file.size)}</span>
        {entry.status === 'previewing' ? <span className="muted small">{t('import.previewing')}</span> : null}
        <div className="header-spacer" />
        <button type="button" className="btn btn-small" onClick={props.onRemove} disabled={disabled} data-testid="file-remove">
          {t('import.remove')}
        </button>
      </div>
      {entry.status === 'failed' ? <ErrorNotice error={entry.error} title={t('import.previewFailed')} testId="preview-error" /> : null}
      {p ? (
        <>
          <div className="form-row">
            <div className="form-field">
              <span className="form-label">{t('import.format')}</span>
              <span data-testid="preview-format">{t(`format.${p.format}`)}</span>
            </div>
            <div className="form-field">
              <span className="form-label">{t('import.encoding')}</span>
              <span className="encoding" data-testid="preview-encoding" title={`${t('import.encodingSource')}: ${t(`encodingSource.${p.encoding.source}`)}`}>
                {p.encoding.encoding.toUpperCase()}
                <span className="muted small"> · {t('import.confidence', { value: Math.round(p.encoding.confidence) })}</span>
              </span>
              {p.format === 'delimited' || p.format === 'fixed' ? (
                <select
                  className="select select-narrow"
                  aria-label={t('import.encoding')}
                  data-testid="preview-encoding-select"
                  disabled={disabled}
                  value={entry.read.encoding ?? p.encoding.encoding.toLowerCase()}
                  onChange={(e) => props.onRead({ encoding: e.target.value })}
                >
                  {encodingChoices(p.encoding.encoding).map((enc) => (
                    <option key={enc} value={enc}>
                      {enc.toUpperCase()}
                      {enc === p.encoding.encoding.toLowerCase() && p.encoding.source !== 'user' ? ` ${t('import.autoDetected')}` : ''}
                    </option>
                  ))}
                </select>
              ) : null}
            </div>
            {p.format === 'delimited' ? (
              <div className="form-field">
                <label className="form-label" htmlFor={`delim-${entry.key}`}>
                  {t('import.delimiter')}
                </label>
                <select
                  id={`delim-${entry.key}`}
                  className="select select-narrow"
                  data-testid="preview-delimiter"
                  disabled={disabled}
                  value={entry.read.delimiter ?? p.delimiter}
                  onChange={(e) => props.onRead({ delimiter: e.target.value })}
                >
                  {DELIMITERS.some((d) => d.value === p.delimiter) ? null : <option value={p.delimiter}>{delimiterText(p.delimiter)}</option>}
                  {DELIMITERS.map((d) => (
                    <option key={d.key} value={d.value}>
                      {t(`import.delimiters.${d.key}`)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="form-field">
              <label className="form-label" htmlFor={`header-${entry.key}`}>
                {t('import.headerRow')}
              </label>
              <input
                id={`header-${entry.key}`}
                className="input input-num"
                type="number"
                min={0}
                max={200}
                data-testid="preview-header-row"
                disabled={disabled}
                value={entry.read.headerRow ?? p.headerRow}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (Number.isInteger(n) && n >= 0) props.onRead({ headerRow: n });
                }}
              />
            </div>
            {p.sheets.length > 0 ? (
              <div className="form-field">
                <label className="form-label" htmlFor={`sheet-${entry.key}`}>
                  {t('import.sheet')}
                </label>
                <select
                  id={`sheet-${entry.key}`}
                  className="select"
                  data-testid="preview-sheet"
                  disabled={disabled}
                  value={entry.read.sheet ?? p.sheet ?? ''}
                  onChange={(e) => props.onRead({ sheet: e.target.value })}
                >
                  {p.sheets.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="form-field">
              <label className="form-label" htmlFor={`kind-${entry.key}`}>
                {t('import.kind')}
              </label>
              <select
                id={`kind-${entry.key}`}
                className="select"
                data-testid="preview-kind"
                disabled={disabled}
                value={entry.kind ?? entry.mapping?.kind ?? p.detectedKind}
                onChange={(e) => props.onKind(e.target.value as ImportKind)}
              >
                {ENTITIES.map((en) => (
                  <option key={en.kind} value={en.kind}>
                    {lang === 'en' ? en.en : en.zh}
                  </option>
                ))}
                <option value="table">{generic}</option>
              </select>
              <span className="muted small" data-testid="preview-detected-kind">
                {t('import.detectedKind', { kind: entityLabel(p.detectedKind, lang, generic) })}
              </span>
            </div>
            {entry.mapping?.kind === 'table' ? (
              <div className="form-field">
                <label className="form-label" htmlFor={`tname-${entry.key}`}>
                  {t('import.tableName')}
                </label>
                <input
                  id={`tname-${entry.key}`}
                  className="input"
                  data-testid="preview-table-name"
                  disabled={disabled}
                  value={entry.mapping.tableName ?? ''}
                  onChange={(e) => props.onTableName(e.target.value)}
                />
              </div>
            ) : null}
          </div>
          {p.leadingLines.length > 0 ? (
            <div className="notice notice-warning" data-testid="preview-leading-lines">
              <div>{t('import.leadingLines', { count: p.leadingLines.length })}</div>
              <ul className="leading-lines">
                {p.leadingLines.map((l) => (
                  <li key={l.line}>
                    <span className="muted">#{l.line}</span> <code>{l.text}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {warnings.length > 0 ? (
            <div className="notice notice-info" data-testid="preview-warnings">
              <strong>{t('import.warnings')}</strong>
              <ul>
                {warnings.map((w, i) => (
                  <li key={i}>{messageText(i18n, w)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {entry.mapping ? (
            <>
              <RequiredWarning missing={missingRequired(entry.mapping)} kind={entry.mapping.kind} />
              <h4 className="section-title">{t('import.mapping')}</h4>
              <MappingTable
                fileIndex={index}
                preview={p}
                mapping={entry.mapping}
                onField={props.onField}
                onOtherKindField={props.onOtherKindField}
                onMoneyUnit={props.onMoneyUnit}
              />
              <TemplateBar templates={props.templates} disabled={disabled} onApply={props.onTemplate} onSave={props.onSaveTemplate} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function RequiredWarning({ missing, kind }: { readonly missing: readonly string[]; readonly kind: ImportKind }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  if (missing.length === 0) return null;
  const def = ENTITIES.find((e) => e.kind === kind);
  const names = missing.map((m) => {
    const f = def?.fields.find((x) => x.name === m);
    return f ? (lang === 'en' ? f.en : f.zh) : m;
  });
  return (
    <div className="notice notice-warning" data-testid="mapping-required-missing">
      {t('error.MAPPING_INVALID')}: {t('import.required')} — {names.join('、')}
    </div>
  );
}

function TemplateBar({
  templates,
  disabled,
  onApply,
  onSave,
}: {
  readonly templates: readonly MappingTemplate[];
  readonly disabled: boolean;
  readonly onApply: (name: string) => void;
  readonly onSave: (name: string) => Promise<unknown>;
}): ReactNode {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <div className="template-bar">
      <span className="form-label">{t('import.template')}</span>
      <select className="select" aria-label={t('import.template')} data-testid="template-select" value={chosen} disabled={disabled || templates.length === 0} onChange={(e) => setChosen(e.target.value)}>
        <option value="">{templates.length === 0 ? t('import.noTemplates') : '—'}</option>
        {templates.map((tp) => (
          <option key={tp.name} value={tp.name}>
            {tp.name}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn-small" disabled={disabled || chosen === ''} onClick={() => onApply(chosen)} data-testid="template-apply">
        {t('import.applyTemplate')}
      </button>
      <input className="input" placeholder={t('import.templateName')} aria-label={t('import.templateName')} value={name} disabled={disabled} onChange={(e) => setName(e.target.value)} data-testid="template-name" />
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled || name.trim() === ''}
        data-testid="template-save"
        onClick={() => {
          setSaveError(null);
          setSaved(null);
          onSave(name.trim()).then(
            () => setSaved(name.trim()),
            (e: unknown) => setSaveError(e),
          );
        }}
      >
        {t('import.saveTemplate')}
      </button>
      {saved ? <span className="muted small">{t('import.templateSaved', { name: saved })}</span> : null}
      {saveError ? <ErrorNotice error={saveError} /> : null}
    </div>
  );
}
