import { useEffect, useState } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { IssuedCredential, PortalApi, WaysIn as Ways } from './portalApi';

const FACE = ['FACE_1_1', 'FACE_1_N'];

/** The non-face ways in that some site really accepts, for the sentence that says refusing costs nothing. */
export function acceptedAlternatives(ways: Ways): string[] {
  const order = ['PIN', 'QR', 'CARD', 'GUARD'];
  const accepted = new Set(ways.sites.flatMap((s) => s.ways.map((w) => w.method)).filter((m) => !FACE.includes(m)));
  return order.filter((m) => accepted.has(m));
}

/**
 * Refusing costs nothing, in practice: per site the ways in its policy accepts and which the subject can use now, and
 * a PIN or QR code of their own, without waiting for an admin. The QR code is shown as an image (a time-based one is
 * refreshed as it changes), the PIN once.
 */
export function WaysIn({ api, ways, onChange }: { api: PortalApi; ways: Ways; onChange: () => void }) {
  const { t, lang } = useI18n();
  const [issued, setIssued] = useState<IssuedCredential | null>(null);
  const [qr, setQr] = useState<{ image: string; payload: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!issued || !issued.refreshSeconds) return;
    const id = setInterval(() => {
      api.currentQr(issued.credential.id).then((c) => setQr({ image: c.qrImage, payload: c.qrPayload })).catch(() => {});
    }, issued.refreshSeconds * 1000 / 3);
    return () => clearInterval(id);
  }, [api, issued]);

  const get = async (kind: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.issueCredential(kind);
      setIssued(r);
      setQr(r.qrImage && r.qrPayload ? { image: r.qrImage, payload: r.qrPayload } : null);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="ways-in" data-testid="ways-in">
      <h2 id="ways-in">{t('portal.ways.title')}</h2>
      <p>{t('portal.ways.intro')}</p>
      {ways.sites.map((s) => (
        <div key={s.name} className="site-ways">
          <h3>{s.name}</h3>
          <ul>
            {s.ways.map((w) => (
              <li key={w.method} data-method={w.method} data-usable={w.usableNow}>
                {t(`portal.way.${w.method}` as Key)}{w.purpose ? ` — ${w.purpose}` : ''}:{' '}
                <strong>{w.usableNow ? t('portal.way.usable') : t(`portal.way.why.${w.why ?? 'no_credential'}` as Key)}</strong>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {ways.credentials.length > 0 && (
        <>
          <h3>{t('portal.ways.yours')}</h3>
          <ul>
            {ways.credentials.map((c) => (
              <li key={c.id}>
                {t(`portal.credential.${c.kind}` as Key)} · {t('portal.credential.since', { time: formatTime(c.createdAt, lang) })}
                {c.expiresAt && ` · ${t('portal.credential.until', { time: formatTime(c.expiresAt, lang) })}`}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('portal.ways.get')}</h3>
      {ways.selfIssuable.length === 0 ? <p>{t('portal.ways.nothingToGet')}</p> : (
        <>
          <p className="muted">{t('portal.ways.replaces')}</p>
          <div className="actions">
            {ways.selfIssuable.map((k) => (
              <button key={k} disabled={busy} onClick={() => get(k)}>{t(`portal.credential.get.${k}` as Key)}</button>
            ))}
          </div>
        </>
      )}
      <div aria-live="polite">
        {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
        {issued && issued.pin && (
          <p className="ok" data-testid="issued-pin">{t('portal.credential.pinOnce')} <strong className="secret">{issued.pin}</strong></p>
        )}
        {issued && qr && (
          <figure className="qr" data-testid="issued-qr">
            <img src={qr.image} width={240} height={240} alt={t('portal.credential.qrAlt')} data-payload={qr.payload} />
            <figcaption>
              {issued.refreshSeconds ? t('portal.credential.qrTotp') : t('portal.credential.qrOnce', {
                time: issued.credential.expiresAt ? formatTime(issued.credential.expiresAt, lang) : '—' })}
            </figcaption>
          </figure>
        )}
      </div>
    </section>
  );
}
