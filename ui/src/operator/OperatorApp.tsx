import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { LanguageSwitch, useI18n, type Key } from '../common/i18n';
import { formatTime, type Problem } from '../common/api';
import type { Session } from '../console/consoleApi';
import type { StaffMember } from '../console/Staff';
import { operatorApi, operatorUsageApi, type OperatorApi } from './operatorApi';
import Usage from './Usage';

interface TenantView { id: string; slug: string; displayName: string; kind: string; status: string; createdAt: string; firstAdmin?: StaffMember | null }
interface SetupLink { staffId: string; link: string; expiresAt: string }

const KINDS = ['MALL', 'BANK', 'COMPOUND', 'OTHER'] as const;

function useHashRoute(): string {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(window.location.hash || '#/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash.slice(1);
}

/** The platform operators' console: tenants (create with first admin, suspend, resume, setup links) and usage. */
export function OperatorApp() {
  const { t } = useI18n();
  const api = useMemo(() => operatorApi(), []);
  const usage = useMemo(() => operatorUsageApi(), []);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useHashRoute();

  useEffect(() => {
    api.session().then(setSession).catch(() => setSession(null));
    const id = setInterval(() => api.session().then(setSession).catch((e: Problem) => e.status === 401 && setSession(null)), 60_000);
    return () => clearInterval(id);
  }, [api]);

  if (session === undefined) return <p className="page">{t('loading')}</p>;
  if (session === null)
    return (
      <div className="page console">
        <header className="bar"><h1>{t('operator.title')}</h1><LanguageSwitch /></header>
        <main className="signin">
          <p>{t('operator.signedOutText')}</p>
          <a className="button primary" href="/operator/login">{t('console.signIn')}</a>
        </main>
      </div>
    );

  const nav: [string, string][] = [['/', t('operator.nav.tenants')], ['/usage', t('operator.nav.usage')]];
  const active = (path: string) => (path === '/' ? route === '/' : route.startsWith(path));
  return (
    <div className="page console">
      <header className="bar">
        <h1>{t('operator.title')}</h1>
        <span className="who">{t('console.signedInAs', { user: session.username })}</span>
        <LanguageSwitch />
        <button onClick={() => api.logout().finally(() => setSession(null))}>{t('console.signOut')}</button>
      </header>
      <nav aria-label="main">
        {nav.map(([path, label]) => <a key={path} href={`#${path}`} aria-current={active(path) ? 'page' : undefined}>{label}</a>)}
      </nav>
      <main>{route.startsWith('/usage') ? <Usage api={usage} /> : <Tenants api={api} />}</main>
    </div>
  );
}

function Tenants({ api }: { api: OperatorApi }) {
  const { t, lang } = useI18n();
  const [tenants, setTenants] = useState<TenantView[] | null>(null);
  const [admins, setAdmins] = useState<Record<string, StaffMember[]>>({});
  const [link, setLink] = useState<{ email: string; link: SetupLink } | null>(null);
  const [form, setForm] = useState({ slug: '', displayName: '', kind: 'MALL', adminName: '', adminEmail: '' });
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = () => api.get<TenantView[]>('/tenants').then(setTenants).catch((e) => setError(e.message));
  useEffect(() => void load(), [api]);

  const act = async (work: () => Promise<string | null>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await work());
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const created = await api.post<TenantView>('/tenants', {
        slug: form.slug.trim(), displayName: form.displayName.trim(), kind: form.kind,
        firstAdmin: { name: form.adminName.trim(), email: form.adminEmail.trim() },
      });
      setForm({ slug: '', displayName: '', kind: form.kind, adminName: '', adminEmail: '' });
      return t('operator.created', { slug: created.slug, email: created.firstAdmin?.email ?? '' });
    });
  };

  const showAdmins = (slug: string) =>
    act(async () => { setAdmins({ ...admins, [slug]: await api.get<StaffMember[]>(`/tenants/${slug}/admins`) }); return null; });

  const newLink = (slug: string, admin: StaffMember) =>
    act(async () => { setLink({ email: admin.email, link: await api.post<SetupLink>(`/tenants/${slug}/admins/${admin.id}/setup-link`) }); return null; });

  return (
    <>
      <h2>{t('operator.nav.tenants')}</h2>
      <p className="muted">{t('operator.tenants.intro')}</p>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {link && (
        <div className="card" data-testid="setup-link">
          <p>{t('operator.setupLinkText', { email: link.email, time: formatTime(link.link.expiresAt, lang) })}</p>
          <code>{link.link.link}</code>
        </div>
      )}
      {tenants && (
        <table data-testid="tenants-table">
          <thead><tr><th>{t('operator.slug')}</th><th>{t('operator.displayName')}</th><th>{t('operator.kind')}</th><th>{t('operator.status')}</th><th>{t('operator.createdAt')}</th><th /></tr></thead>
          <tbody>
            {tenants.map((tn) => (
              <tr key={tn.id}>
                <td>{tn.slug}</td>
                <td>{tn.displayName}</td>
                <td>{t(`operator.kind.${tn.kind}` as Key)}</td>
                <td>{t(`operator.status.${tn.status}` as Key)}</td>
                <td>{formatTime(tn.createdAt, lang)}</td>
                <td>
                  {tn.status === 'ACTIVE' && <button onClick={() => act(async () => { await api.post(`/tenants/${tn.slug}/suspend`); return null; })}>{t('operator.suspend')}</button>}
                  {tn.status === 'SUSPENDED' && <button onClick={() => act(async () => { await api.post(`/tenants/${tn.slug}/resume`); return null; })}>{t('operator.resume')}</button>}
                  <button onClick={() => showAdmins(tn.slug)} aria-label={`${t('operator.admins')} ${tn.slug}`}>{t('operator.admins')}</button>
                  {(admins[tn.slug] ?? []).map((a) => (
                    <div key={a.id}>
                      {a.name} · {a.email} · {t(`staff.status.${a.status}` as Key)}{' '}
                      {a.status !== 'DISABLED' && <button onClick={() => newLink(tn.slug, a)} aria-label={`${t('operator.setupLink')} ${a.email}`}>{t('operator.setupLink')}</button>}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" onSubmit={create}>
        <h3>{t('operator.new')}</h3>
        <label>{t('operator.slug')}<input name="slug" required maxLength={40} pattern="[a-z0-9][a-z0-9-]*[a-z0-9]" value={form.slug} onChange={(e) => setForm({ ...form, slug: e.target.value })} /></label>
        <label>{t('operator.displayName')}<input name="displayName" required maxLength={200} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} /></label>
        <label>{t('operator.kind')}
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`operator.kind.${k}` as Key)}</option>)}
          </select>
        </label>
        <label>{t('operator.adminName')}<input name="adminName" required maxLength={100} value={form.adminName} onChange={(e) => setForm({ ...form, adminName: e.target.value })} /></label>
        <label>{t('operator.adminEmail')}<input name="adminEmail" type="email" required maxLength={254} value={form.adminEmail} onChange={(e) => setForm({ ...form, adminEmail: e.target.value })} /></label>
        <button className="primary" type="submit">{t('operator.create')}</button>
      </form>
    </>
  );
}
