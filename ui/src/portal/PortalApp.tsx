import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { LanguageSwitch, useI18n, type Key } from '../common/i18n';
import { Problem, formatTime, linkToken, tenantFromPath } from '../common/api';
import { PortalApi, canEnrol, type CodeSent, type PersonalLink, type PortalPurpose, type ReceiptSummary, type Ward, type WaysIn as Ways } from './portalApi';
import { Requests } from './Requests';
import { Selfie } from './Selfie';
import { StructuredNoticeView } from '../common/notice';
import { WaysIn, acceptedAlternatives } from './WaysIn';
import { Places } from './Places';
import type { Place } from './portalApi';

type Loc = { pathname: string; hash: string };

export function PortalApp({ location, api: given }: { location: Loc; api?: PortalApi }) {
  const { t } = useI18n();
  const tenant = tenantFromPath(location.pathname);
  const [api, setApi] = useState<PortalApi | null>(given ?? null);
  const [error, setError] = useState<string | null>(null);
  const [letter, setLetter] = useState<{ token: string; sent: CodeSent } | null>(null);
  const [code, setCode] = useState('');

  const opened = (invitation: string) => (r: PortalApi | CodeSent) => {
    if (r instanceof PortalApi) {
      setLetter(null);
      setApi(r);
    } else {
      setLetter({ token: invitation, sent: r });
    }
  };

  useEffect(() => {
    if (given || !tenant) return;
    const link = linkToken(location.hash);
    if (!link) return;
    // The token leaves the address bar at once: it stays in memory only and never lands in history.
    history.replaceState(null, '', location.pathname);
    if (link.kind === 'invitation') {
      PortalApi.redeem(tenant, link.token).then(opened(link.token)).catch((e: Problem) => setError(e.message));
    } else {
      setApi(new PortalApi(tenant, link.token));
    }
  }, []);

  /** A printed letter opens with the code that was mailed to the subject. */
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    if (!tenant || !letter) return;
    setError(null);
    PortalApi.redeem(tenant, letter.token, code.trim()).then(opened(letter.token)).catch((err: Problem) => setError(err.message));
  };

  return (
    <div className="page portal">
      <header className="bar">
        <h1>{t('portal.title')}</h1>
        <LanguageSwitch />
      </header>
      <main>
        {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
        {letter && !api && (
          <form className="card" onSubmit={submitCode} data-testid="contact-code">
            <p>{t('portal.code.sent', { to: letter.sent.sentTo })}</p>
            <label>{t('portal.code.label')}
              <input name="contactCode" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required
                value={code} onChange={(e) => setCode(e.target.value)} />
            </label>
            <button className="primary" type="submit">{t('portal.code.open')}</button>
          </form>
        )}
        {!api && !error && !letter && <p>{tenant && linkToken(location.hash) ? t('portal.opening') : t('portal.noLink')}</p>}
        {api && <DecideFor api={api} />}
      </main>
    </div>
  );
}

/**
 * Minors: a guardian's session also lists the children they decide for; the guardian picks whom they decide for now.
 * Everyone else sees only their own consents.
 */
function DecideFor({ api }: { api: PortalApi }) {
  const { t } = useI18n();
  const [wards, setWards] = useState<Ward[]>([]);
  const [current, setCurrent] = useState<Ward | null>(null);
  useEffect(() => void api.wards().then(setWards).catch(() => setWards([])), [api]);
  const scoped = current ? api.forWard(current) : api;
  return (
    <>
      {wards.length > 0 && (
        <nav className="card wards" aria-label={t('portal.wards.title')} data-testid="wards">
          <h2>{t('portal.wards.title')}</h2>
          <button aria-pressed={current === null} className={current === null ? 'primary' : ''} onClick={() => setCurrent(null)}>
            {t('portal.wards.myself')}
          </button>
          {wards.map((w) => (
            <button key={w.id} data-ward={w.id} aria-pressed={current?.id === w.id} className={current?.id === w.id ? 'primary' : ''}
              onClick={() => setCurrent(w)}>{w.name}</button>
          ))}
        </nav>
      )}
      {current && (
        <p className={current.decides ? 'reassure' : 'warning'} data-testid="deciding-for">
          {t(current.decides ? 'portal.wards.forWard' : 'portal.wards.ofAge', { name: current.name })}
        </p>
      )}
      <Consents key={current?.id ?? 'self'} api={scoped} />
    </>
  );
}

function Consents({ api }: { api: PortalApi }) {
  const { t, lang } = useI18n();
  const [purposes, setPurposes] = useState<PortalPurpose[] | null>(null);
  const [receipts, setReceipts] = useState<ReceiptSummary[]>([]);
  const [personal, setPersonal] = useState<PersonalLink | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const [ways, setWays] = useState<Ways | null>(null);
  const [places, setPlaces] = useState<Place[] | null>(null);

  const reload = useCallback(async () => {
    try {
      setPurposes(await api.purposes());
      setReceipts(await api.receipts());
    } catch (e) {
      setError((e as Error).message);
    }
    // The ways in are an addition: a portal that cannot list them still lets the subject decide.
    api.waysIn().then(setWays).catch(() => setWays(null));
    if (!api.ward) api.places().then((p) => setPlaces(Array.isArray(p) ? p : null)).catch(() => setPlaces(null));
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const act = async (fn: () => Promise<{ state: string; personalLink: PersonalLink | null }>) => {
    setBusy(true);
    setError(null);
    try {
      const r = await fn();
      if (r.personalLink) setPersonal(r.personalLink);
      setMessage(t('portal.decided', { state: t(`portal.state.${r.state}` as Key) }));
      await reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const download = async (r: ReceiptSummary) => saveJson(await api.receipt(r.receiptId), `consent-receipt-${r.receiptId}.json`);

  const exportMyData = async () => {
    setBusy(true);
    setError(null);
    try {
      const { export: e, document } = await api.exportMyData();
      saveJson(document, `my-data-${e.id}.json`);
      setMessage(t('portal.data.ready'));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!purposes) return <p>{error ? t('error', { detail: error }) : t('loading')}</p>;
  return (
    <>
      <p>{t('portal.intro')}</p>
      <p className="reassure">{t('portal.noAccessLoss', {
        alternatives: ways && acceptedAlternatives(ways).length > 0
          ? listOf(acceptedAlternatives(ways).map((m) => t(`portal.way.${m}` as Key)), t('portal.listSeparator'), t('portal.listLast'))
          : t('portal.alternatives'),
      })}</p>
      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      </div>
      {personal && (
        <p className="personal">
          {t('portal.personalLink')} <a href={personal.url}>{personal.url}</a>
        </p>
      )}
      <h2>{t('portal.status')}</h2>
      {purposes.map((p) => {
        // The purpose's name in the reader's language, when its notice gives one.
        const title = p.notice.content?.texts[lang]?.title || p.title;
        return (
        <section key={p.code} className="card purpose" aria-labelledby={`p-${p.code}`} data-purpose={p.code}>
          <h3 id={`p-${p.code}`}>{title}</h3>
          <p className={`state state-${p.state}`}>{t(`portal.state.${p.state}` as Key)}</p>
          {p.state === 'NEEDS_RECONSENT' && <p className="warning">{t('portal.reconsent', { version: p.notice.version })}</p>}
          {p.sites && p.sites.length > 0 && (
            <p className="sites" data-testid="purpose-sites">
              {t('portal.appliesAt', { sites: p.sites.map((s) => `${s.name} (${t(`portal.method.${s.method}` as Key)})`).join(', ') })}
            </p>
          )}
          <details open={p.state === 'NONE' || p.state === 'NEEDS_RECONSENT'}>
            <summary>{t('portal.notice', { version: p.notice.version })}</summary>
            {p.notice.content ? (
              <StructuredNoticeView notice={p.notice.content} language={p.notice.language} />
            ) : (
              <>
                <p className="notice">{p.notice.text}</p>
                <p>{t('portal.retention', { days: p.retentionDays })}</p>
              </>
            )}
          </details>
          <div className="actions">
            {p.state === 'GRANTED' ? (
              <button disabled={busy} onClick={() => act(() => api.withdraw(p.code))}>{t('portal.withdraw', { title })}</button>
            ) : p.state === 'NEEDS_RECONSENT' ? (
              <>
                <button className="primary" disabled={busy} onClick={() => act(() => api.decide(p, 'GRANT'))}>
                  {t('portal.grantAgain', { title })}
                </button>
                <button disabled={busy} onClick={() => act(() => api.withdraw(p.code))}>{t('portal.withdraw', { title })}</button>
              </>
            ) : (
              <>
                <button className="primary" disabled={busy} onClick={() => act(() => api.decide(p, 'GRANT'))}>
                  {t('portal.grant', { title })}
                </button>
                {p.state !== 'REFUSED' && (
                  <button disabled={busy} onClick={() => act(() => api.decide(p, 'REFUSE'))}>{t('portal.refuse', { title })}</button>
                )}
              </>
            )}
          </div>
        </section>
        );
      })}
      {ways && <WaysIn api={api} ways={ways} onChange={() => api.waysIn().then(setWays).catch(() => {})} />}
      {places && !api.ward && <Places places={places} tenant={tenantFromPath(window.location.pathname) ?? ''} />}
      <h2>{t('portal.selfie')}</h2>
      {canEnrol(purposes) ? <Selfie api={api} onDone={reload} /> : <p>{t('portal.selfie.needConsent')}</p>}
      <h2>{t('portal.receipts')}</h2>
      {receipts.length === 0 ? (
        <p>{t('portal.noReceipts')}</p>
      ) : (
        <ul className="receipts">
          {receipts.map((r) => (
            <li key={r.receiptId}>
              <button onClick={() => download(r)}>{t('portal.receipt.download', { time: formatTime(r.createdAt, lang) })}</button>
            </li>
          ))}
        </ul>
      )}
      {!api.ward && (
        <>
          <h2>{t('portal.data')}</h2>
          <p>{t('portal.data.explain')}</p>
          <button disabled={busy} onClick={exportMyData}>{t('portal.data.download')}</button>
        </>
      )}
      <Requests api={api} />
    </>
  );
}

/** "a, b or c" in the language's own words. */
function listOf(items: string[], separator: string, last: string): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(separator)}${last}${items[items.length - 1]}`;
}

/** Offers a JSON document as a file download (it never leaves the browser's memory otherwise). */
function saveJson(body: unknown, filename: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
