/**
 * 会议材料与配方: builds the meeting pack in the engine worker (progress, cancel), previews it, downloads it as
 * HTML or prints it to PDF (the browser's print dialog with the pack's print stylesheet; the desktop shell's
 * printToPDF), lists the charts added with 加入报告, and saves or runs recipes.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportLanguage, ReportPin, ReportSectionInfo } from '#shared/api/reportTypes.ts';
import { ErrorNotice } from '#renderer/components/ErrorNotice.tsx';
import { JobProgress } from '#renderer/components/JobProgress.tsx';
import { useEngine, useEngineEvent, useJob } from '#renderer/engine/hooks.tsx';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { RecipePanel } from './RecipePanel.tsx';

const utf8 = new TextEncoder();

export function ReportsView(): ReactNode {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  useEngineEvent('workspace.changed', () => setVersion((v) => v + 1));
  return (
    <section className="page" data-testid="view-reports">
      <h1 className="page-title">{t('reports.title')}</h1>
      <p className="muted">{t('reports.intro')}</p>
      <BuildPanel version={version} />
      <PinsPanel version={version} />
      <RecipePanel />
    </section>
  );
}

function BuildPanel({ version }: { readonly version: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const engine = useEngine();
  const platform = usePlatform();
  const [sections, setSections] = useState<readonly ReportSectionInfo[]>([]);
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [language, setLanguage] = useState<ReportLanguage>(i18n.language.startsWith('en') ? 'en' : 'zh');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const build = useJob('report.build');

  useEffect(() => {
    let live = true;
    engine.call('report.sections', {}).then(
      (s) => {
        if (live) setSections(s);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  const pack = build.result;
  const save = async (): Promise<void> => {
    if (!pack) return;
    setSaved(await platform.saveFile(pack.fileName, utf8.encode(pack.html), 'text/html'));
  };
  const print = async (): Promise<void> => {
    if (!pack) return;
    if (platform.printToPdf) {
      const pdf = await platform.printToPdf(pack.html);
      setSaved(await platform.saveFile(pack.fileName.replace(/\.html$/, '.pdf'), pdf, 'application/pdf'));
      return;
    }
    // The preview frame holds the pack itself, so the browser prints it with the pack's print stylesheet.
    frame.current?.contentWindow?.print();
  };

  return (
    <div className="panel" data-testid="report-build">
      <h2>{t('reports.sections')}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      <ul className="report-sections" style={{ listStyle: 'none', padding: 0, display: 'flex', flexWrap: 'wrap', gap: '4px 16px' }}>
        {sections.map((s) => (
          <li key={s.key}>
            <label>
              <input
                type="checkbox"
                checked={!unchecked.has(s.key)}
                data-testid={`report-section-${s.key}`}
                onChange={(e) => {
                  const next = new Set(unchecked);
                  if (e.target.checked) next.delete(s.key);
                  else next.add(s.key);
                  setUnchecked(next);
                }}
              />{' '}
              {language === 'zh' ? s.zh : s.en}
              {s.available ? null : <span className="muted"> {t('reports.notReady')}</span>}
            </label>
          </li>
        ))}
      </ul>
      <div className="row" style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <label>
          {t('reports.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'zh')} data-testid="report-language">
            <option value="zh">{t('reports.languages.zh')}</option>
            <option value="en">{t('reports.languages.en')}</option>
          </select>
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={build.running || sections.length === 0}
          data-testid="report-build-button"
          onClick={() => {
            setSaved(null);
            void build.run({ language, sections: sections.map((s) => s.key).filter((k) => !unchecked.has(k)) });
          }}
        >
          {t('reports.build')}
        </button>
        {pack ? (
          <>
            <button type="button" className="btn" onClick={() => void save()} data-testid="report-download">
              {t('reports.download')}
            </button>
            <button type="button" className="btn" onClick={() => void print()} data-testid="report-print">
              {t('reports.print')}
            </button>
          </>
        ) : null}
      </div>
      {build.running ? <JobProgress progress={build.progress} cancelling={build.cancelling} onCancel={build.cancel} label={t('reports.building')} testId="report-progress" /> : null}
      {build.error ? <ErrorNotice error={build.error} testId="report-error" /> : null}
      {saved ? <p className="muted">{t('reports.saved', { where: saved })}</p> : null}
      {pack ? (
        <>
          <p data-testid="report-built">{t('reports.built', { sections: pack.sections.length, charts: pack.charts, asOf: pack.asOfDate ?? '—' })}</p>
          <h3>{t('reports.preview')}</h3>
          {/* The pack carries a CSP that forbids every fetch and holds no script; the frame shares the page's origin only so it can be printed. */}
          <iframe ref={frame} title={pack.title} srcDoc={pack.html} data-testid="report-preview" style={{ width: '100%', height: 720, border: '1px solid #dee0e3', background: '#fff' }} />
        </>
      ) : null}
    </div>
  );
}

function PinsPanel({ version }: { readonly version: number }): ReactNode {
  const { t } = useTranslation();
  const engine = useEngine();
  const [pins, setPins] = useState<readonly ReportPin[]>([]);
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    let live = true;
    void engine.call('report.pins', {}).then((p) => {
      if (live) setPins(p);
    });
    return () => {
      live = false;
    };
  }, [engine, version, changed]);
  return (
    <div className="panel" data-testid="report-pins">
      <h2>{t('reports.pins.title')}</h2>
      {pins.length === 0 ? <p className="muted">{t('reports.pins.empty')}</p> : null}
      <ul>
        {pins.map((p) => (
          <li key={p.pinId} data-testid="report-pin">
            {p.title}{' '}
            <button type="button" className="btn btn-small" onClick={() => void engine.call('report.unpin', { pinId: p.pinId }).then(() => setChanged((c) => c + 1))}>
              {t('reports.pins.remove')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
