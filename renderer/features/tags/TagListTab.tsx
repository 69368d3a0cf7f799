/**
 * The tag list: family filter, every registered tag with its definition, inputs, coverage and top values; a
 * tag's members (ONE_ID, value, reason) page by page, each opening the customer 360 page.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TAG_FAMILIES, type TagListItem, type TagMemberPage } from '#shared/api/tagTypes.ts';
import { navigate } from '#renderer/app/routes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';

const PAGE = 50;

export function familyKey(family: string): (typeof TAG_FAMILIES)[number] | 'other' {
  return TAG_FAMILIES.find((f) => f === family) ?? 'other';
}

export function TagListTab({ version }: { readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [tags, setTags] = useState<readonly TagListItem[] | null>(null);
  const [customers, setCustomers] = useState(0);
  const [family, setFamily] = useState<string>('all');
  const [open, setOpen] = useState<{ readonly tag: TagListItem; readonly value?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    Promise.all([engine.call('tags.list', {}), engine.call('profile.status', {})]).then(
      ([list, status]) => {
        if (!live) return;
        setTags(list);
        setCustomers(status.rows);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  const shown = useMemo(() => (tags ?? []).filter((d) => family === 'all' || familyKey(d.family) === family), [tags, family]);
  const en = i18n.language.startsWith('en');
  if (error) return <ErrorNotice error={error} testId="tags-list-error" />;
  if (tags === null) return <p className="muted">{t('common.loading')}</p>;
  return (
    <div data-testid="tags-list">
      <div className="tg-chips" role="group" aria-label={t('tags.list.family')}>
        {(['all', ...TAG_FAMILIES, 'other'] as const).map((f) => (
          <button key={f} type="button" className={`tg-chip${f === family ? ' active' : ''}`} onClick={() => setFamily(f)} aria-pressed={f === family} data-testid={`tags-family-${f}`}>
            {t(`tags.families.${f}`)}
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <div className="empty-state">{t('tags.list.empty')}</div>
      ) : (
        <div className="table-wrap">
          <table className="grid-table" data-testid="tags-table">
            <thead>
              <tr>
                <th>{t('tags.list.tag')}</th>
                <th>{t('tags.list.family')}</th>
                <th>{t('tags.list.definition')}</th>
                <th className="num">{t('tags.list.members')}</th>
                <th className="num">{t('tags.list.coverage')}</th>
                <th>{t('tags.list.values')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.key} data-testid={`tag-row-${d.key}`}>
                  <td>
                    <button type="button" className="tg-link" onClick={() => setOpen({ tag: d })} data-testid={`tag-open-${d.key}`}>
                      {en ? d.en : d.zh}
                    </button>
                    <div className="muted small">
                      <code>{d.key}</code> · {d.module}
                    </div>
                  </td>
                  <td>{t(`tags.families.${familyKey(d.family)}`)}</td>
                  <td className="tg-def">
                    {d.definition}
                    <div className="muted small">
                      {t('tags.list.inputs')}: {d.inputs.join(', ')}
                    </div>
                    <div className="muted small" data-testid={`tag-computed-${d.key}`}>
                      {t('tags.list.version', { version: d.version })}
                      {d.computedAt ? ` · ${t('tags.list.computedAt', { at: d.computedAt.slice(0, 19).replace('T', ' '), asOf: d.asOf ?? '' })}` : ''}
                    </div>
                  </td>
                  <td className="num" data-testid={`tag-members-${d.key}`}>
                    {d.members.toLocaleString()}
                  </td>
                  <td className="num">{customers > 0 ? `${((100 * d.members) / customers).toFixed(1)}%` : ''}</td>
                  <td>
                    <div className="tg-values">
                      {d.values.slice(0, 5).map((v) => (
                        <button key={v.value} type="button" className="tg-value tg-link" onClick={() => setOpen({ tag: d, value: v.value })}>
                          {v.value || '—'} {v.members.toLocaleString()}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open ? <MembersPanel key={`${open.tag.key}|${open.value ?? ''}|${version}`} tag={open.tag} value={open.value} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function MembersPanel({ tag, value, onClose }: { readonly tag: TagListItem; readonly value: string | undefined; readonly onClose: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<TagMemberPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    engine.call('tags.members', { tag: tag.key, ...(value !== undefined ? { value } : {}), offset, limit: PAGE }).then(
      (p) => live && setPage(p),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, tag.key, value, offset]);
  const name = `${i18n.language.startsWith('en') ? tag.en : tag.zh}${value !== undefined ? ` = ${value}` : ''}`;
  return (
    <section className="card" data-testid="tag-members">
      <div className="card-head">
        <h2 className="card-title">{t('tags.list.membersTitle', { tag: name })}</h2>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="tag-members-close">
          {t('tags.list.close')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {page ? (
        <>
          <p className="muted small">{t('tags.list.page', { from: page.total === 0 ? 0 : offset + 1, to: Math.min(offset + PAGE, page.total), total: page.total.toLocaleString() })}</p>
          <div className="table-wrap">
            <table className="grid-table">
              <thead>
                <tr>
                  <th>{t('tags.list.oneId')}</th>
                  <th>{t('tags.list.value')}</th>
                  <th>{t('tags.list.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r) => (
                  <tr key={r.oneId}>
                    <td>
                      <button type="button" className="tg-link" title={t('tags.list.openCustomer')} onClick={() => navigate('customer', { id: r.oneId })} data-testid="tag-member-link">
                        {r.oneId}
                      </button>
                    </td>
                    <td>{r.value}</td>
                    <td data-testid="tag-member-reason">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="toolbar">
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('tags.list.prev')}
            </button>
            <button type="button" className="btn btn-small" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
              {t('tags.list.more')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}
