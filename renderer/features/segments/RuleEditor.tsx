/**
 * The rule tree editor: groups (且 / 或, negatable, nested) holding conditions of seven kinds, each edited in
 * place. Every change produces a new draft (ruleDraft.ts); nodes the engine found problems with are marked.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AttrOp,
  AttrRule,
  BehaviorRule,
  BehaviorSource,
  CatalogColumn,
  ColumnValues,
  ConditionRule,
  CountOp,
  RuleProblem,
  RuleScalar,
  SegmentCatalog,
} from '#shared/api/segmentTypes.ts';
import { useEngine } from '#renderer/engine/hooks.tsx';
import { currentLang } from '#renderer/i18n/i18n.ts';
import {
  addChild,
  blankCondition,
  conditionNode,
  groupNode,
  pickOptions,
  removeNode,
  setCondition,
  splitList,
  updateNode,
  valueShape,
  withOp,
  withValue,
  type ConditionKind,
  type DraftGroup,
  type DraftNode,
} from './ruleDraft.ts';

const KINDS: readonly ConditionKind[] = ['attr', 'tag', 'lifecycle', 'cluster', 'selection', 'segment', 'behavior'];
const COUNT_OPS: readonly CountOp[] = ['>=', '>', '=', '!=', '<', '<=', 'between'];
const OPS_BY_TYPE: Readonly<Record<CatalogColumn['type'], readonly AttrOp[]>> = {
  text: ['=', '!=', 'in', 'not_in', 'contains', 'is_null', 'not_null'],
  int: ['>=', '>', '=', '!=', '<', '<=', 'between', 'in', 'not_in', 'is_null', 'not_null'],
  real: ['>=', '>', '=', '!=', '<', '<=', 'between', 'is_null', 'not_null'],
  money: ['>=', '>', '=', '!=', '<', '<=', 'between', 'is_null', 'not_null'],
  date: ['>=', '>', '<', '<=', '=', '!=', 'between', 'within_days', 'is_null', 'not_null'],
  bool: ['=', '!=', 'is_null', 'not_null'],
};

export interface RuleEditorProps {
  readonly draft: DraftGroup;
  readonly onChange: (draft: DraftGroup) => void;
  readonly catalog: SegmentCatalog;
  /** Problems by node id. */
  readonly problems: ReadonlyMap<string, readonly RuleProblem[]>;
  readonly onLoadBehavior: () => void;
}

export function RuleEditor(props: RuleEditorProps): ReactNode {
  return (
    <div className="rule-tree" data-testid="rule-tree">
      <GroupEditor node={props.draft} root {...props} />
    </div>
  );
}

function GroupEditor({ node, root, draft, onChange, catalog, problems, onLoadBehavior }: RuleEditorProps & { readonly node: DraftGroup; readonly root?: boolean }): ReactNode {
  const { t } = useTranslation();
  const set = (fn: (n: DraftNode) => DraftNode): void => onChange(updateNode(draft, node.id, fn));
  const firstColumn = catalog.columns[0]?.name ?? 'age';
  return (
    <div className={`rule-group${node.negate ? ' rule-negated' : ''}`} data-testid={root ? 'rule-root' : 'rule-group'}>
      <div className="rule-group-head">
        <select className="select select-narrow" value={node.op} onChange={(e) => set((n) => ({ ...n, op: e.target.value === 'or' ? 'or' : 'and' }) as DraftNode)} data-testid="group-op">
          <option value="and">{t('segments.group.and')}</option>
          <option value="or">{t('segments.group.or')}</option>
        </select>
        <label className="rule-negate">
          <input type="checkbox" checked={node.negate} onChange={(e) => set((n) => ({ ...n, negate: e.target.checked }))} /> {t('segments.negate')}
        </label>
        <button type="button" className="btn btn-small" onClick={() => onChange(addChild(draft, node.id, conditionNode(blankCondition('attr', firstColumn))))} data-testid="add-condition">
          {t('segments.addCondition')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => onChange(addChild(draft, node.id, groupNode('or')))} data-testid="add-group">
          {t('segments.addGroup')}
        </button>
        {root ? null : (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(removeNode(draft, node.id))}>
            {t('segments.remove')}
          </button>
        )}
      </div>
      <NodeProblems list={problems.get(node.id)} />
      <div className="rule-children">
        {node.children.map((c) =>
          c.kind === 'group' ? (
            <GroupEditor key={c.id} node={c} draft={draft} onChange={onChange} catalog={catalog} problems={problems} onLoadBehavior={onLoadBehavior} />
          ) : (
            <ConditionEditor key={c.id} id={c.id} negate={c.negate} rule={c.rule} draft={draft} onChange={onChange} catalog={catalog} problems={problems} onLoadBehavior={onLoadBehavior} />
          ),
        )}
      </div>
    </div>
  );
}

function NodeProblems({ list }: { readonly list: readonly RuleProblem[] | undefined }): ReactNode {
  const { i18n } = useTranslation();
  if (!list || list.length === 0) return null;
  const en = currentLang(i18n) === 'en';
  return (
    <ul className="rule-problems" data-testid="rule-problem">
      {list.map((p, k) => (
        <li key={k}>{en ? p.message : p.zh}</li>
      ))}
    </ul>
  );
}

function ConditionEditor({
  id,
  negate,
  rule,
  draft,
  onChange,
  catalog,
  problems,
  onLoadBehavior,
}: Omit<RuleEditorProps, 'draft'> & { readonly draft: DraftGroup; readonly id: string; readonly negate: boolean; readonly rule: ConditionRule }): ReactNode {
  const { t } = useTranslation();
  const change = (r: ConditionRule): void => onChange(setCondition(draft, id, r));
  const firstColumn = catalog.columns[0]?.name ?? 'age';
  return (
    <div className={`rule-condition${negate ? ' rule-negated' : ''}${problems.has(id) ? ' rule-bad' : ''}`} data-testid="rule-condition">
      <div className="rule-condition-row">
        <select className="select select-narrow" value={rule.type} onChange={(e) => change(blankCondition(e.target.value as ConditionKind, firstColumn))} data-testid="condition-kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`segments.kind.${k}`)}
            </option>
          ))}
        </select>
        {rule.type === 'attr' ? <AttrEditor rule={rule} catalog={catalog} onChange={change} /> : null}
        {rule.type === 'tag' ? (
          <>
            <Pick value={rule.tag} options={catalog.tags.map((x) => [x.tag, x.zh, x.en])} onChange={(v) => change({ type: 'tag', tag: v })} testId="condition-tag" />
            <TextList placeholder={t('segments.tagValues')} value={rule.values ?? []} onChange={(values) => change(values.length ? { type: 'tag', tag: rule.tag, values } : { type: 'tag', tag: rule.tag })} />
          </>
        ) : null}
        {rule.type === 'lifecycle' ? (
          <Pick value={rule.group} options={catalog.lifecycle.map((x) => [x.tag, x.zh, x.en])} onChange={(v) => change({ type: 'lifecycle', group: v })} testId="condition-lifecycle" />
        ) : null}
        {rule.type === 'cluster' ? <ClusterEditor rule={rule} catalog={catalog} onChange={change} /> : null}
        {rule.type === 'selection' ? (
          <input
            className="input input-num"
            type="number"
            min={1}
            value={rule.selection === 0 ? '' : rule.selection}
            placeholder="#"
            onChange={(e) => change({ type: 'selection', selection: Number(e.target.value) })}
            data-testid="condition-selection"
          />
        ) : null}
        {rule.type === 'segment' ? (
          <Pick
            value={rule.segment === 0 ? '' : String(rule.segment)}
            options={catalog.segments.map((x) => [String(x.segmentId), x.name, x.name])}
            onChange={(v) => change({ type: 'segment', segment: Number(v) })}
            testId="condition-segment"
          />
        ) : null}
        {rule.type === 'behavior' ? <BehaviorEditor rule={rule} catalog={catalog} onChange={change} onLoadBehavior={onLoadBehavior} /> : null}
        <label className="rule-negate">
          <input type="checkbox" checked={negate} onChange={(e) => onChange(updateNode(draft, id, (n) => ({ ...n, negate: e.target.checked })))} data-testid="condition-negate" /> {t('segments.negate')}
        </label>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(removeNode(draft, id))} data-testid="condition-remove">
          {t('segments.remove')}
        </button>
      </div>
      <NodeProblems list={problems.get(id)} />
    </div>
  );
}

function Pick({ value, options, onChange, testId }: { readonly value: string; readonly options: readonly (readonly [string, string, string])[]; readonly onChange: (v: string) => void; readonly testId?: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  return (
    <select className="select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{t('segments.choose')}</option>
      {pickOptions(value, options).map(([v, zh, enLabel, missing]) => (
        <option key={v} value={v} data-missing={missing ? 'true' : undefined}>
          {missing ? t('segments.missingChoice', { name: v }) : en ? enLabel : zh}
        </option>
      ))}
    </select>
  );
}

/** Free text split into a list on commas; edited as text so typing a comma does not fight the input. */
function TextList({ value, onChange, placeholder, listId, testId }: { readonly value: readonly string[]; readonly onChange: (v: string[]) => void; readonly placeholder: string; readonly listId?: string | undefined; readonly testId?: string }): ReactNode {
  const [text, setText] = useState(value.join('，'));
  // A value changed from outside (another editor, a loaded rule) replaces the text; one typed here does not.
  const key = value.join('\u0000');
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    if (splitList(text).join('\u0000') !== key) setText(value.join('，'));
  }
  return (
    <input
      className="input"
      value={text}
      placeholder={placeholder}
      list={listId}
      onChange={(e) => {
        setText(e.target.value);
        onChange(splitList(e.target.value));
      }}
      data-testid={testId}
    />
  );
}

function useColumnValues(column: string): ColumnValues | null {
  const engine = useEngine();
  const [loaded, setLoaded] = useState<ColumnValues | null>(null);
  useEffect(() => {
    let live = true;
    engine.call('segments.values', { column }).then(
      (v) => live && setLoaded(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [engine, column]);
  return loaded?.column === column ? loaded : null;
}

function AttrEditor({ rule, catalog, onChange }: { readonly rule: AttrRule; readonly catalog: SegmentCatalog; readonly onChange: (r: AttrRule) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const col = catalog.columns.find((c) => c.name === rule.column);
  const type = col?.type ?? 'text';
  const ops = OPS_BY_TYPE[type];
  const values = useColumnValues(rule.column);
  const shape = valueShape(rule.op);
  const listId = `values-${rule.column}`;
  const families = [...new Set(catalog.columns.map((c) => c.family))];
  const scalar = (raw: string): RuleScalar | undefined => {
    if (raw === '') return undefined;
    if (type === 'text' || type === 'date') return raw;
    if (type === 'bool') return raw === 'true';
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  };
  const one = Array.isArray(rule.value) ? undefined : (rule.value as RuleScalar | undefined);
  const pair = Array.isArray(rule.value) ? (rule.value as readonly RuleScalar[]) : [];
  const inputType = type === 'date' ? 'date' : type === 'text' ? 'text' : 'number';
  const hint = values && values.min !== null && values.max !== null ? `${values.min} – ${values.max}${type === 'money' ? ` ${t('segments.yuan')}` : ''}` : '';
  return (
    <>
      <select
        className="select"
        value={rule.column}
        onChange={(e) => {
          const next = catalog.columns.find((c) => c.name === e.target.value);
          onChange({ type: 'attr', column: e.target.value, op: OPS_BY_TYPE[next?.type ?? 'text'][0] ?? '=' });
        }}
        data-testid="condition-column"
      >
        {families.map((f) => (
          <optgroup key={f} label={f}>
            {catalog.columns
              .filter((c) => c.family === f)
              .map((c) => (
                <option key={c.name} value={c.name}>
                  {en ? c.en : c.zh}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      <select className="select select-narrow" value={rule.op} onChange={(e) => onChange(withOp(rule, e.target.value as AttrOp))} data-testid="condition-op">
        {ops.map((o) => (
          <option key={o} value={o}>
            {t(`segments.ops.${o}`)}
          </option>
        ))}
      </select>
      {type === 'text' && values ? (
        <datalist id={listId}>
          {values.values.map((v) => (
            <option key={v.value} value={v.value}>{`${v.value} (${v.count})`}</option>
          ))}
        </datalist>
      ) : null}
      {shape === 'one' && type === 'bool' ? (
        <select className="select select-narrow" value={one === undefined ? '' : String(one)} onChange={(e) => onChange(withValue(rule, scalar(e.target.value)))} data-testid="condition-value">
          <option value="">{t('segments.choose')}</option>
          <option value="true">{t('segments.yes')}</option>
          <option value="false">{t('segments.no')}</option>
        </select>
      ) : null}
      {shape === 'one' && type !== 'bool' ? (
        <input
          className="input input-num"
          type={inputType}
          list={type === 'text' ? listId : undefined}
          value={one === undefined ? '' : String(one)}
          placeholder={hint || t('segments.value')}
          onChange={(e) => onChange(withValue(rule, scalar(e.target.value)))}
          data-testid="condition-value"
        />
      ) : null}
      {shape === 'days' ? (
        <input className="input input-num" type="number" min={1} value={one === undefined ? '' : String(one)} placeholder={t('segments.days')} onChange={(e) => onChange(withValue(rule, scalar(e.target.value)))} data-testid="condition-value" />
      ) : null}
      {shape === 'pair' ? (
        <>
          {(['low', 'high'] as const).map((k, i) => (
            <input
              key={k}
              className="input input-num"
              type={inputType}
              placeholder={t(`segments.${k}`)}
              value={pair[i] === undefined ? '' : String(pair[i])}
              onChange={(e) => {
                const next = [pair[0], pair[1]];
                next[i] = scalar(e.target.value);
                onChange(withValue(rule, next[0] !== undefined && next[1] !== undefined ? [next[0], next[1]] : undefined));
              }}
              data-testid={`condition-${k}`}
            />
          ))}
        </>
      ) : null}
      {shape === 'list' ? (
        <TextList
          placeholder={t('segments.valueList')}
          listId={type === 'text' ? listId : undefined}
          value={pair.map(String)}
          onChange={(items) => onChange(withValue(rule, items.length ? items.map((x) => scalar(x) ?? x) : undefined))}
          testId="condition-value"
        />
      ) : null}
      {type === 'money' && shape !== 'none' ? <span className="muted small">{t('segments.yuan')}</span> : null}
      {shape === 'one' || shape === 'pair' ? hint ? <span className="muted small">{hint}</span> : null : null}
    </>
  );
}

function ClusterEditor({ rule, catalog, onChange }: { readonly rule: Extract<ConditionRule, { type: 'cluster' }>; readonly catalog: SegmentCatalog; readonly onChange: (r: ConditionRule) => void }): ReactNode {
  const runs = catalog.clusterRuns;
  const run = runs.find((r) => r.runId === rule.run) ?? runs[runs.length - 1];
  if (!run) return <span className="muted small">—</span>;
  const toggle = (c: number): void => {
    const next = rule.clusters.includes(c) ? rule.clusters.filter((x) => x !== c) : [...rule.clusters, c].sort((a, b) => a - b);
    onChange({ type: 'cluster', run: run.runId, clusters: next });
  };
  return (
    <>
      <select className="select" value={run.runId} onChange={(e) => onChange({ type: 'cluster', run: Number(e.target.value), clusters: [] })}>
        {runs.map((r) => (
          <option key={r.runId} value={r.runId}>
            {r.label}
          </option>
        ))}
      </select>
      {run.clusters.map((c) => (
        <label key={c.cluster} className="rule-check">
          <input type="checkbox" checked={rule.clusters.includes(c.cluster)} onChange={() => toggle(c.cluster)} /> {`${c.name} (${c.size.toLocaleString()})`}
        </label>
      ))}
    </>
  );
}

function BehaviorEditor({
  rule,
  catalog,
  onChange,
  onLoadBehavior,
}: {
  readonly rule: BehaviorRule;
  readonly catalog: SegmentCatalog;
  readonly onChange: (r: BehaviorRule) => void;
  readonly onLoadBehavior: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const en = currentLang(i18n) === 'en';
  const source = catalog.behaviors.find((b) => b.source === rule.source);
  const where = rule.where ?? {};
  const between = rule.op === 'between';
  const value = Array.isArray(rule.value) ? (rule.value as readonly [number, number]) : ([Number(rule.value), Number(rule.value)] as const);
  return (
    <>
      <select className="select select-narrow" value={rule.source} onChange={(e) => onChange({ ...rule, source: e.target.value as BehaviorSource, where: {} })} data-testid="behavior-source">
        {catalog.behaviors.map((b) => (
          <option key={b.source} value={b.source}>
            {en ? b.en : b.zh}
          </option>
        ))}
      </select>
      <span className="small">{t('segments.window')}</span>
      <input className="input input-num" type="number" min={1} value={rule.days} onChange={(e) => onChange({ ...rule, days: Number(e.target.value) })} data-testid="behavior-days" />
      <span className="small">{t('segments.windowDays')}</span>
      {source?.columns.map((c) => {
        const listId = `bv-${rule.source}-${c.column}`;
        return (
          <span key={c.column} className="rule-dim">
            <span className="small muted">{en ? c.en : c.zh}</span>
            <datalist id={listId}>
              {c.values.map((v) => (
                <option key={v.value} value={v.value} />
              ))}
            </datalist>
            <TextList
              placeholder={t('segments.anyValue')}
              listId={listId}
              value={where[c.column] ?? []}
              onChange={(items) => {
                const next: Record<string, readonly string[]> = { ...where };
                if (items.length > 0) next[c.column] = items;
                else delete next[c.column];
                onChange({ ...rule, where: next });
              }}
              testId={`behavior-${c.column}`}
            />
          </span>
        );
      })}
      {!catalog.behaviorLoaded ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={onLoadBehavior} data-testid="behavior-load">
          {t('segments.loadBehavior')}
        </button>
      ) : null}
      <select className="select select-narrow" value={rule.measure ?? 'count'} onChange={(e) => onChange({ ...rule, measure: e.target.value === 'days' ? 'days' : 'count' })}>
        <option value="count">{t('segments.measure.count')}</option>
        <option value="days">{t('segments.measure.days')}</option>
      </select>
      <select className="select select-narrow" value={rule.op} onChange={(e) => onChange({ ...rule, op: e.target.value as CountOp, value: e.target.value === 'between' ? [value[0], value[1]] : value[0] })} data-testid="behavior-op">
        {COUNT_OPS.map((o) => (
          <option key={o} value={o}>
            {t(`segments.ops.${o}`)}
          </option>
        ))}
      </select>
      <input className="input input-num" type="number" min={0} value={value[0]} onChange={(e) => onChange({ ...rule, value: between ? [Number(e.target.value), value[1]] : Number(e.target.value) })} data-testid="behavior-value" />
      {between ? <input className="input input-num" type="number" min={0} value={value[1]} onChange={(e) => onChange({ ...rule, value: [value[0], Number(e.target.value)] })} /> : null}
    </>
  );
}
