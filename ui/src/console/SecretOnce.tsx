import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../common/i18n';

/**
 * A secret the api shows exactly once (a device's client secret, a webhook's signing secret): focused on arrival so a
 * screen reader announces it, with a copy button that falls back to selecting the text where the clipboard is refused
 * (plain http), and a button to say it was stored. {@code children} carry what else the reader needs next to it.
 */
export function SecretOnce({ testId, heading, warning, label, secret, onDone, children }: {
  testId: string; heading: string; warning: string; label: string; secret: string; onDone: () => void; children?: ReactNode;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('ok');
    } catch {
      // no clipboard permission (e.g. plain http): select it so Ctrl+C works
      input.current?.select();
      setCopied('failed');
    }
  };
  return (
    <section className="card secret" role="region" aria-labelledby={`${testId}-heading`} data-testid={testId}>
      <h3 id={`${testId}-heading`} tabIndex={-1} ref={headingRef}>{heading}</h3>
      <p className="warning"><strong>{warning}</strong></p>
      {children}
      <label>{label}
        <span className="copyrow">
          <input ref={input} readOnly className="mono" value={secret} data-testid={`${testId}-value`} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={copy}>{t('devices.copy')}</button>
        </span>
      </label>
      <p aria-live="polite" className={copied === 'ok' ? 'ok' : 'muted'}>
        {copied === 'ok' ? t('devices.copied') : copied === 'failed' ? t('devices.copyFailed') : ''}
      </p>
      <button className="primary" type="button" onClick={onDone}>{t('devices.secretStored')}</button>
    </section>
  );
}
