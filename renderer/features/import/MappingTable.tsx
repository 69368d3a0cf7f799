import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnMapping, ImportPreview, MoneyUnit } from '#shared/api/ingestTypes.ts';
import { LockIcon } from '#renderer/components/LockIcon.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { entityLabel } from '#renderer/i18n/labels.ts';
import { fieldGroups, fieldOptionValue, fieldType, parseFieldOption, type ImportKind } from './importModel.ts';

const UNITS: readonly MoneyUnit[] = ['yuan', 'qian', 'wan', 'fen'];

export interface MappingTableProps {
  readonly fileIndex: number;
  readonly preview: ImportPreview;
  readonly mapping: ColumnMapping;
  /** A field of the file's kind (or null: keep raw) for a column. */
  readonly onField: (sourceIndex: number, field: string | null) => void;
  /** A field of another kind: the file switches to that kind. */
  readonly onOtherKindField: (sourceIndex: number, kind: ImportKind, field: string) => void;
  readonly onMoneyUnit: (sourceIndex: number, unit: MoneyUnit) => void;
}

/** Source columns with samples and inferred types, and the canonical field each one goes to. */
export function MappingTable({ fileIndex, preview, mapping, onField, onOtherKindField, onMoneyUnit }: MappingTableProps): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const groups = fieldGroups(mapping.kind);
  return (
    <div className="table-wrap">
      <table className="grid-table mapping-table" data-testid={`mapping-table-${fileIndex}`}>
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('import.sourceColumn')}</th>
            <th>{t('import.samples')}</th>
            <th>{t('import.inferredType')}</th>
            <th className="num">{t('import.conformity')}</th>
            <th>{t('import.targetField')}</th>
            <th>{t('import.moneyUnit')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((col) => {
            const entry = mapping.columns.find((c) => c.sourceIndex === col.index);
            const field = entry?.field ?? null;
            const value = field && mapping.kind !== 'table' ? fieldOptionValue(mapping.kind, field) : '';
            const isMoney = fieldType(mapping.kind, field) === 'money';
            const conformity = Math.round(col.conformity * 100);
            return (
              <tr key={col.index} data-testid={`mapping-row-${col.index}`}>
                <td className="num muted">{col.index + 1}</td>
                <td className="mapping-source" data-testid="mapping-source">
                  {col.header}
                  {col.pii ? <LockIcon label={`${t('pii.masked')}: ${t(`pii.${col.pii}`)}`} /> : null}
                </td>
                <td className="samples" title={col.samples.join('\n')}>
                  {col.samples.slice(0, 3).join(' | ')}
                </td>
                <td>{t(`fieldType.${col.inferredType}`)}</td>
                <td className={`num${col.inferredType !== 'empty' && conformity < 90 ? ' warn-text' : ''}`}>{col.inferredType === 'empty' ? '—' : `${conformity}%`}</td>
                <td>
                  <select
                    className="select"
                    aria-label={`${t('import.targetField')}: ${col.header}`}
                    data-testid="mapping-field"
                    value={value}
                    onChange={(e) => {
                      const parsed = parseFieldOption(e.target.value);
                      if (!parsed) onField(col.index, null);
                      else if (parsed.kind === mapping.kind) onField(col.index, parsed.field);
                      else onOtherKindField(col.index, parsed.kind, parsed.field);
                    }}
                  >
                    <option value="">{t('import.keepRaw')}</option>
                    {groups.map((g, gi) => (
                      <optgroup key={g.kind} label={gi === 0 && g.kind === mapping.kind ? entityLabel(g.kind, lang, '') : `${t('import.otherKinds')} · ${entityLabel(g.kind, lang, '')}`}>
                        {g.fields.map((f) => (
                          <option key={f.name} value={fieldOptionValue(g.kind, f.name)}>
                            {`${lang === 'en' ? f.en : f.zh} (${f.name})${f.required ? ' *' : ''}`}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </td>
                <td>
                  {isMoney ? (
                    <select
                      className="select select-narrow"
                      aria-label={`${t('import.moneyUnit')}: ${col.header}`}
                      data-testid="mapping-money-unit"
                      value={entry?.moneyUnit ?? 'yuan'}
                      onChange={(e) => onMoneyUnit(col.index, e.target.value as MoneyUnit)}
                    >
                      {UNITS.map((u) => (
                        <option key={u} value={u}>
                          {t(`moneyUnit.${u}`)}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
