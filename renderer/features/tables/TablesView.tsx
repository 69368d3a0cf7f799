/**
 * The table browser: the workspace's tables with row counts, and a virtualised grid that pages through
 * `tables.page` as it scrolls. Personal data arrives masked from the engine and is marked with a lock.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CellValue, ColumnInfo, TableInfo } from '#shared/api/engineApi.ts';
import { useWorkspace } from '#renderer/app/appContext.tsx';
import { routeHash } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { LockIcon } from '#renderer/components/LockIcon.tsx';
import { usePagedRows } from '#renderer/components/usePagedRows.ts';
import { VirtualTable, type VirtualColumn } from '#renderer/components/VirtualTable.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import { nextSort, type Sort } from './sort.ts';

const PAGE = 200;

export function TablesView({ table }: { readonly table: string | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const tables = useWorkspace().info?.tables ?? [];
  const selected = tables.find((x) => x.name === table) ?? null;
  return (
    <section className="page page-split" data-testid="view-tables">
      <nav className="table-list" aria-label={t('tables.tables')}>
        <h2 className="section-title">{t('tables.tables')}</h2>
        <ul>
          {tables.map((x) => (
            <li key={x.name}>
              <a href={routeHash('tables', { t: x.name })} className={`table-link${x.name === table ? ' active' : ''}`} aria-current={x.name === table ? 'page' : undefined} data-testid={`table-${x.name}`}>
                <span>{lang === 'en' ? x.en : x.zh}</span>
                <span className="muted small">{x.rows.toLocaleString()}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="table-main">
        {selected ? <TableGrid key={selected.name} table={selected} /> : <div className="empty-state">{t('tables.choose')}</div>}
      </div>
    </section>
  );
}

interface Meta {
  readonly columns: readonly ColumnInfo[];
  readonly total: number;
  readonly masked: boolean;
}

function TableGrid({ table }: { readonly table: TableInfo }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = currentLang(i18n);
  const engine = useEngine();
  const [sort, setSort] = useState<Sort | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [failed, setFailed] = useState<{ readonly key: string; readonly error: unknown } | null>(null);
  const pageKey = `${table.name}/${sort?.column ?? ''}/${String(sort?.desc ?? '')}/${table.rows}`;

  const fetchPage = useCallback(
    (offset: number, limit: number): Promise<readonly (readonly CellValue[])[]> =>
      engine.call('tables.page', { table: table.name, offset, limit, ...(sort ? { orderBy: sort.column, desc: sort.desc } : {}) }).then((page) => {
        setMeta({ columns: page.columns, total: page.total, masked: page.masked });
        return page.rows;
      }),
    [engine, table.name, sort],
  );
  const rows = usePagedRows(fetchPage, PAGE, pageKey);
  const error = failed?.key === pageKey ? failed.error : null;

  useEffect(() => {
    // Columns and the row count come with the first page; a failure is kept with the query it belongs to.
    fetchPage(0, 1).catch((e: unknown) => setFailed({ key: pageKey, error: e }));
  }, [fetchPage, pageKey]);

  const columns: VirtualColumn[] = [
    { key: '#', header: t('tables.rowNo'), width: 64, align: 'right' },
    ...(meta?.columns ?? []).map((c): VirtualColumn => {
      const label = (lang === 'en' ? c.en : c.zh) ?? c.name;
      const numeric = /INT|REAL|NUM/i.test(c.type);
      return {
        key: c.name,
        width: numeric ? 120 : 160,
        align: numeric ? 'right' : 'left',
        title: c.pii ? t('tables.maskedColumn') : c.name,
        onClick: () => setSort((s) => nextSort(s, c.name)),
        ...(sort?.column === c.name ? { sort: sort.desc ? ('descending' as const) : ('ascending' as const) } : {}),
        header: (
          <span className="th-label">
            <span>{label}</span>
            {label !== c.name ? <span className="muted small th-name">{c.name}</span> : null}
            {c.pii ? <LockIcon label={`${t('pii.masked')}: ${t(`pii.${c.pii as 'phone'}`)}`} /> : null}
          </span>
        ),
      };
    }),
  ];

  return (
    <div className="table-grid">
      <div className="page-head">
        <h1 className="page-title">
          {lang === 'en' ? table.en : table.zh} <span className="muted small">{table.name}</span>
        </h1>
        <span className="muted">{t('tables.rows', { count: meta?.total ?? table.rows })}</span>
        {meta?.masked ? (
          <span className="badge badge-masked" data-testid="table-masked">
            <LockIcon label={t('tables.masked')} /> {t('tables.masked')}
          </span>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {rows.error && !error ? <ErrorNotice error={rows.error} /> : null}
      {meta && meta.total === 0 ? <div className="empty-state">{t('tables.empty')}</div> : null}
      {meta && meta.total > 0 ? (
        <VirtualTable
          columns={columns}
          total={meta.total}
          version={rows.version}
          onRange={rows.ensure}
          label={lang === 'en' ? table.en : table.zh}
          testId="table-grid"
          height="calc(100vh - 190px)"
          loadingText={t('common.loading')}
          row={(i) => {
            const r = rows.row(i);
            if (!r) return undefined;
            return [(i + 1).toLocaleString(), ...r.map((v, ci) => <span key={ci} title={v === null ? '' : String(v)}>{v === null ? '' : String(v)}</span>)];
          }}
        />
      ) : null}
    </div>
  );
}
