/**
 * Custom rule tags: the list, and an editor of conditions on wide-table columns, behaviours in a window and
 * other tags, with a preview (count and sample members with reasons) before saving.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomTag, CustomTagPreview, TagListItem } from '#shared/api/tagTypes.ts';
import { PROFILE_COLUMNS } from '#shared/profile/profileSchema.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { BEHAVIOUR_TABLES, COLUMN_OPS, draftToRule, EMPTY_DRAFT, newCondition, ruleToDraft, type BehaviourTable, type ColumnOp, type Draft, type DraftCondition } from './customDraft.ts';

export function CustomTagsTab({ version }: { readonly version: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [list, setList] = useState<readonly CustomTag[] | null>(null);
  const [tags, setTags] = useState<readonly TagListItem[]>([]);
  const [editing, setEditing] = useState<{ readonly tag: string | null; readonly draft: Draft } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([engine.call('tags.customList', {}), engine.call('tags.list', {})]).then(
      ([c, all]) => {
        if (!live) return;
        setList(c);
        setTags(all);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [engine, version, reload]);

  const remove = async (tag: CustomTag): Promise<void> => {
    try {
      await engine.call('tags.customDelete', { tag: tag.tag });
      setMessage(t('tags.custom.deleted', { name: tag.zh }));
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div data-testid="tags-custom">
      <p className="muted">{t('tags.custom.intro')}</p>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ tag: null, draft: EMPTY_DRAFT })} data-testid="custom-new">
          {t('tags.custom.new')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {message ? <p className="notice notice-info">{message}</p> : null}
      {list === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <div className="empty-state">{t('tags.custom.empty')}</div>
      ) : (
        <table className="grid-table" data-testid="custom-table">
          <tbody>
            {list.map((c) => (
              <tr key={c.tag} data-testid={`custom-row-${c.tag}`}>
                <td>
                  {c.zh} <span className="muted small">{c.en}</span>
                  <div className="muted small">
                    <code>{c.tag}</code> <span data-testid="custom-version">{t('tags.custom.version', { version: c.version })}</span>
                  </div>
                </td>
                <td className="tg-def">{c.definition}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => setEditing({ tag: c.tag, draft: { zh: c.zh, en: c.en, definition: c.definition, match: c.rule.match, conditions: ruleToDraft(c.rule) } })}>
                    {t('tags.custom.edit')}
                  </button>{' '}
                  <button type="button" className="btn btn-small" onClick={() => void remove(c)} data-testid={`custom-delete-${c.tag}`}>
                    {t('tags.custom.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <Editor
          key={editing.tag ?? 'new'}
          tag={editing.tag}
          initial={editing.draft}
          tags={tags}
          onSaved={(saved) => {
            setEditing(null);
            setMessage(`${saved.zh}: ${t('tags.custom.saved')}`);
            setReload((n) => n + 1);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function Editor(props: {
  readonly tag: string | null;
  readonly initial: Draft;
  readonly tags: readonly TagListItem[];
  readonly onSaved: (t: CustomTag) => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const [draft, setDraft] = useState<Draft>(props.initial);
  const [preview, setPreview] = useState<CustomTagPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const en = i18n.language.startsWith('en');
  const setCond = (k: number, c: DraftCondition): void => setDraft({ ...draft, conditions: draft.conditions.map((x, j) => (j === k ? c : x)) });

  const doPreview = async (): Promise<void> => {
    setError(null);
    try {
      setPreview(await engine.call('tags.customPreview', { rule: draftToRule(draft) }));
    } catch (e) {
      setError(e);
    }
  };
  const save = async (): Promise<void> => {
    setError(null);
    try {
      const saved = await engine.call('tags.customSave', {
        ...(props.tag ? { tag: props.tag } : {}),
        zh: draft.zh,
        en: draft.en,
        definition: draft.definition,
        rule: draftToRule(draft),
      });
      props.onSaved(saved);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="card" data-testid="custom-editor">
      <div className="tg-form">
        <label>
          <span>{t('tags.custom.zh')}</span>
          <input className="input" style={{ width: 200 }} value={draft.zh} onChange={(e) => setDraft({ ...draft, zh: e.target.value })} data-testid="custom-zh" />
        </label>
        <label>
          <span>{t('tags.custom.en')}</span>
          <input className="input" style={{ width: 200 }} value={draft.en} onChange={(e) => setDraft({ ...draft, en: e.target.value })} data-testid="custom-en" />
        </label>
        <label>
          <span>{t('tags.custom.definition')}</span>
          <input className="input" style={{ width: 260 }} value={draft.definition} onChange={(e) => setDraft({ ...draft, definition: e.target.value })} />
        </label>
        <label>
          <span>{t('tags.custom.match')}</span>
          <select className="select" value={draft.match} onChange={(e) => setDraft({ ...draft, match: e.target.value === 'any' ? 'any' : 'all' })} data-testid="custom-match">
            <option value="all">{t('tags.custom.all')}</option>
            <option value="any">{t('tags.custom.any')}</option>
          </select>
        </label>
      </div>
      {draft.conditions.map((c, k) => (
        <div key={k} className="tg-cond" data-testid="custom-condition">
          {c.kind === 'column' ? (
            <>
              <select className="select" aria-label={t('tags.custom.column')} value={c.column} onChange={(e) => setCond(k, { ...c, column: e.target.value })} data-testid="cond-column">
                {PROFILE_COLUMNS.filter((p) => p.name !== 'one_id' && !p.pii).map((p) => (
                  <option key={p.name} value={p.name}>
                    {en ? p.en : p.zh}
                  </option>
                ))}
              </select>
              <select className="select" aria-label={t('tags.custom.op')} value={c.op} onChange={(e) => setCond(k, { ...c, op: e.target.value as ColumnOp })} data-testid="cond-op">
                {COLUMN_OPS.map((op) => (
                  <option key={op} value={op}>
                    {t(`tags.custom.ops.${op}`)}
                  </option>
                ))}
              </select>
              {c.op !== 'empty' && c.op !== 'notEmpty' ? (
                <input className="input" aria-label={t('tags.custom.value')} value={c.value} onChange={(e) => setCond(k, { ...c, value: e.target.value })} data-testid="cond-value" />
              ) : null}
            </>
          ) : c.kind === 'behaviour' ? (
            <>
              <select className="select" aria-label={t('tags.custom.table')} value={c.table} onChange={(e) => setCond(k, { ...c, table: e.target.value as BehaviourTable })}>
                {BEHAVIOUR_TABLES.map((b) => (
                  <option key={b} value={b}>
                    {t(`tags.custom.tables.${b}`)}
                  </option>
                ))}
              </select>
              <label>
                {t('tags.custom.days')} <input className="input input-num" style={{ width: 70 }} value={c.days} onChange={(e) => setCond(k, { ...c, days: e.target.value })} />
              </label>
              <label>
                {t('tags.custom.min')} <input className="input input-num" style={{ width: 60 }} value={c.min} onChange={(e) => setCond(k, { ...c, min: e.target.value })} />
              </label>
              <input className="input" style={{ width: 110 }} placeholder={t('tags.custom.filterColumn')} value={c.column} onChange={(e) => setCond(k, { ...c, column: e.target.value })} />
              <input className="input" style={{ width: 110 }} placeholder={t('tags.custom.contains')} value={c.contains} onChange={(e) => setCond(k, { ...c, contains: e.target.value })} />
            </>
          ) : (
            <>
              <select className="select" aria-label={t('tags.custom.tag')} value={c.tag} onChange={(e) => setCond(k, { ...c, tag: e.target.value })}>
                <option value="">—</option>
                {props.tags.map((d) => (
                  <option key={d.key} value={d.key}>
                    {en ? d.en : d.zh}
                  </option>
                ))}
              </select>
              <input className="input" style={{ width: 120 }} placeholder={t('tags.custom.tagValue')} value={c.value} onChange={(e) => setCond(k, { ...c, value: e.target.value })} />
              <label>
                <input type="checkbox" checked={c.negate} onChange={(e) => setCond(k, { ...c, negate: e.target.checked })} /> {t('tags.custom.negate')}
              </label>
            </>
          )}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setDraft({ ...draft, conditions: draft.conditions.filter((_, j) => j !== k) })}>
            {t('tags.custom.remove')}
          </button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" className="btn btn-small" onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, newCondition('column')] })} data-testid="custom-add-column">
          {t('tags.custom.addColumn')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, newCondition('behaviour')] })}>
          {t('tags.custom.addBehaviour')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, newCondition('tag')] })}>
          {t('tags.custom.addTag')}
        </button>
      </div>
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => void doPreview()} disabled={draft.conditions.length === 0} data-testid="custom-preview">
          {t('tags.custom.preview')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={draft.conditions.length === 0 || !draft.zh.trim() || !draft.en.trim()} data-testid="custom-save">
          {t('tags.custom.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {preview ? (
        <div data-testid="custom-preview-result">
          <p>
            {t('tags.custom.previewResult', { count: preview.count.toLocaleString(), customers: preview.customers.toLocaleString() })} <code className="muted small">{preview.sql}</code>
          </p>
          <ul className="small">
            {preview.sample.slice(0, 8).map((m) => (
              <li key={m.oneId}>
                {m.oneId}: {m.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
