import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { nearLimit } from '#renderer/components/byteSize.ts';
import { currentLang, setLang } from '#renderer/i18n/i18n.ts';
import { formatBytes } from '#shared/values/byteSize.ts';
import { usePlatform, useWorkspace, useWorkspaceController } from './appContext.tsx';
import { downloadWorkspace, saveWorkspaceNow } from './workspaceActions.ts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Workspace name, 数据截止日, save state and the workspace menu. */
export function Header({
  onNewWorkspace,
  onOpenWorkspace,
  onEncryption,
}: {
  readonly onNewWorkspace: () => void;
  readonly onOpenWorkspace: () => void;
  readonly onEncryption: () => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const state = useWorkspace();
  const controller = useWorkspaceController();
  const platform = usePlatform();
  const info = state.info;
  const lang = currentLang(i18n);

  return (
    <header className="header">
      <div className="brand">{t('app.title')}</div>
      <div className="header-field">
        <span className="header-label">{t('header.workspace')}</span>
        <span className="header-value" data-testid="workspace-name">
          {info?.name ?? ''}
        </span>
        {info?.isDemo ? <span className="badge badge-demo">{t('demo.badge')}</span> : null}
        {info?.encrypted ? (
          <span className="badge badge-masked" data-testid="encrypted-badge">
            {t('crypto.badge')}
          </span>
        ) : null}
      </div>
      <AsOfDate
        date={info?.asOfDate ?? null}
        source={info?.asOfSource ?? null}
        onChange={(d) => void controller.setAsOfDate(d)}
      />
      <SaveState />
      {info && nearLimit(info.sizeBytes, info.limitBytes) ? (
        <span className="badge badge-failed" data-testid="size-warning" title={t('header.nearLimitHint', { size: formatBytes(info.sizeBytes), limit: formatBytes(info.limitBytes) })}>
          {t('header.nearLimit')}
        </span>
      ) : null}
      <div className="header-spacer" />
      {state.busy ? (
        <span className="muted" role="status" data-testid="workspace-busy">
          {t('common.working')}
        </span>
      ) : null}
      <WorkspaceMenu
        onNew={onNewWorkspace}
        onOpen={onOpenWorkspace}
        onEncryption={onEncryption}
        onSave={() => void saveWorkspaceNow(controller)}
        onDownload={() => void downloadWorkspace(platform, controller, info?.name ?? 'workspace')}
        canSave={state.persistent}
        downloadLabel={platform.kind === 'desktop' ? t('header.saveAs') : t('header.download')}
        size={info ? t('header.size', { size: formatBytes(info.sizeBytes), limit: formatBytes(info.limitBytes) }) : null}
      />
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="lang-switch"
        aria-label={t('header.languageLabel')}
        lang={lang === 'en' ? 'zh-CN' : 'en'}
        onClick={() => void setLang(i18n, lang === 'en' ? 'zh-CN' : 'en')}
      >
        {t('header.language')}
      </button>
    </header>
  );
}

function AsOfDate({ date, source, onChange }: { readonly date: string | null; readonly source: 'data' | 'user' | null; readonly onChange: (d: string | null) => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="header-field">
      <label className="header-label" htmlFor="asof-date">
        {t('header.asOf')}
      </label>
      <input
        id="asof-date"
        type="date"
        className="input input-date"
        data-testid="asof-date"
        value={date ?? ''}
        onChange={(e) => {
          const v = e.target.value;
          if (DATE_RE.test(v)) onChange(v);
        }}
      />
      <span className="muted small" data-testid="asof-source">
        {source === 'user' ? t('header.asOfByUser') : source === 'data' ? t('header.asOfFromData') : date ? '' : t('header.asOfNone')}
      </span>
      {source === 'user' ? (
        <button type="button" className="btn btn-small" data-testid="asof-reset" onClick={() => onChange(null)}>
          {t('header.asOfReset')}
        </button>
      ) : null}
    </div>
  );
}

function SaveState(): ReactNode {
  const { t, i18n } = useTranslation();
  const state = useWorkspace();
  const savedAt = state.info?.savedAt;
  const text = {
    saved: t('header.saved'),
    dirty: t('header.unsaved'),
    saving: t('header.saving'),
    failed: t('header.saveFailed'),
    memory: t('header.unsaved'),
  }[state.save];
  const title =
    state.save === 'memory'
      ? t('header.notPersistent')
      : state.save === 'failed'
        ? String(state.saveError instanceof Error ? state.saveError.message : state.saveError)
        : savedAt
          ? t('header.savedAt', { time: new Date(savedAt).toLocaleString(i18n.language) })
          : '';
  return (
    <span className={`badge badge-save badge-${state.save}`} data-testid="save-state" data-state={state.save} title={title}>
      {text}
    </span>
  );
}

function WorkspaceMenu(props: {
  readonly onNew: () => void;
  readonly onOpen: () => void;
  readonly onSave: () => void;
  readonly onDownload: () => void;
  readonly onEncryption: () => void;
  readonly canSave: boolean;
  readonly downloadLabel: string;
  /** The workspace's size against its limit, shown under the commands. */
  readonly size: string | null;
}): ReactNode {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const onDown = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const item = (testId: string, label: string, action: () => void, disabled = false): ReactNode => (
    <button
      type="button"
      role="menuitem"
      className="menu-item"
      data-testid={testId}
      disabled={disabled}
      onClick={() => {
        setOpen(false);
        action();
      }}
    >
      {label}
    </button>
  );

  return (
    <div className="menu" ref={box}>
      <button type="button" className="btn" aria-haspopup="menu" aria-expanded={open} data-testid="menu-button" onClick={() => setOpen((o) => !o)}>
        {t('header.menu')} ▾
      </button>
      {open ? (
        <div className="menu-list" role="menu" aria-label={t('header.menu')}>
          {item('menu-new', t('header.newWorkspace'), props.onNew)}
          {item('menu-open', t('header.openSqlite'), props.onOpen)}
          {item('menu-save', t('header.saveNow'), props.onSave, !props.canSave)}
          {item('menu-download', props.downloadLabel, props.onDownload)}
          {item('menu-encryption', t('crypto.menu'), props.onEncryption)}
          {props.size ? (
            <div className="menu-note" data-testid="menu-size">
              {props.size}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
