import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PassphraseDialog } from '#renderer/components/PassphraseDialog.tsx';
import { useWorkspace, useWorkspaceController } from './appContext.tsx';

/** Turns encryption at rest on (passphrase twice) or off for the open workspace. */
export function EncryptionDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const controller = useWorkspaceController();
  const encrypted = useWorkspace().info?.encrypted ?? false;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const apply = async (passphrase: string | null): Promise<void> => {
    setBusy(true);
    const e = await controller.setEncryption(passphrase);
    setBusy(false);
    setError(e);
    if (!e) onClose();
  };

  return (
    <PassphraseDialog
      open={open && !encrypted}
      title={t('crypto.title')}
      message={t('crypto.intro')}
      confirm
      submitText={t('crypto.enable')}
      error={error}
      busy={busy}
      onSubmit={(p) => void apply(p)}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      extra={null}
    />
  );
}

/** The same menu entry on an encrypted workspace: say so, and offer to turn it off. */
export function EncryptionOffPanel({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const controller = useWorkspaceController();
  const encrypted = useWorkspace().info?.encrypted ?? false;
  if (!open || !encrypted) return null;
  return (
    <div className="notice notice-info" role="dialog" aria-label={t('crypto.title')} data-testid="encryption-off">
      <div>{t('crypto.enabledNote')}</div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.close')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="encryption-disable"
          onClick={() => {
            void controller.setEncryption(null).then(onClose);
          }}
        >
          {t('crypto.disable')}
        </button>
      </div>
    </div>
  );
}
