import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlatform } from '#renderer/app/appContext.tsx';
import { IMPORT_ACCEPT } from '#renderer/platform/platform.ts';

/**
 * Where files come in: dropped, picked with the platform's picker, or set on the (hidden) file input directly,
 * which is also how automated tests hand files over.
 */
export function DropZone({ onFiles, disabled }: { readonly onFiles: (files: readonly File[]) => void; readonly disabled: boolean }): ReactNode {
  const { t } = useTranslation();
  const platform = usePlatform();
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);

  const pick = async (): Promise<void> => {
    if (platform.kind === 'browser') {
      input.current?.click();
      return;
    }
    const files = await platform.pickImportFiles();
    if (files) onFiles(files);
  };

  return (
    <div
      className={`drop-zone${active ? ' drop-active' : ''}`}
      data-testid="import-drop"
      aria-disabled={disabled}
      onDragOver={(e) => {
        if (disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setActive(true);
      }}
      onDragLeave={() => setActive(false)}
      onDrop={(e) => {
        e.preventDefault();
        setActive(false);
        if (!disabled && e.dataTransfer.files.length > 0) onFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <span>{active ? t('import.dropActive') : t('import.drop')}</span>
      <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => void pick()} data-testid="import-pick">
        {t('import.pick')}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMPORT_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('import.pick')}
        data-testid="import-file-input"
        disabled={disabled}
        onChange={(e) => {
          const files = e.target.files ? Array.from(e.target.files) : [];
          // Reset so choosing the same file again fires another change.
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <p className="muted small">{t('import.intro')}</p>
    </div>
  );
}
