import { useEffect, useMemo, useState } from 'react';
import { LanguageSwitch, useI18n } from '../common/i18n';
import { Problem, tenantFromPath } from '../common/api';
import { consoleApi, type Session } from './consoleApi';
import { Dashboard } from './Dashboard';
import { Subjects, SubjectDetail } from './Subjects';
import { Purposes } from './Purposes';
import { Audit } from './Audit';
import { Sites } from './Sites';
import { SitePolicy } from './SitePolicy';
import { Devices } from './Devices';
import { Engine } from './Engine';
import { Assessments } from './Assessments';
import { RequestQueue } from './RequestQueue';
import { Retention } from './Retention';
import { Groups, GroupDetail } from './Groups';
import { Webhooks } from './Webhooks';
import { Staff } from './Staff';

function useHashRoute(): string {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(window.location.hash || '#/');
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash.slice(1);
}

export function ConsoleApp() {
  const { t } = useI18n();
  const tenant = tenantFromPath(window.location.pathname) ?? '';
  const api = useMemo(() => consoleApi(tenant), [tenant]);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useHashRoute();

  useEffect(() => {
    api.session().then(setSession).catch(() => setSession(null));
    // keeps the server session's access token fresh while the console is open
    const id = setInterval(() => api.session().then(setSession).catch((e: Problem) => e.status === 401 && setSession(null)), 60_000);
    return () => clearInterval(id);
  }, [api]);

  const login = `/console/${tenant}/login`;
  if (session === undefined) return <p className="page">{t('loading')}</p>;
  if (session === null)
    return (
      <div className="page console">
        <header className="bar"><h1>{t('console.title')}</h1><LanguageSwitch /></header>
        <main className="signin">
          <p>{t('console.signedOutText', { tenant })}</p>
          <a className="button primary" href={login}>{t('console.signIn')}</a>
        </main>
      </div>
    );

  const nav: [string, string][] = [
    ['/', t('nav.dashboard')], ['/subjects', t('nav.subjects')], ['/purposes', t('nav.purposes')], ['/assessments', t('nav.assessments')], ['/groups', t('nav.groups')], ['/sites', t('nav.sites')],
    ['/devices', t('nav.devices')], ['/engine', t('nav.engine')], ['/requests', t('nav.requests')], ['/audit', t('nav.audit')], ['/retention', t('nav.retention')],
    ['/webhooks', t('nav.webhooks')],
    ['/staff', t('nav.staff')],
  ];
  const active = (path: string) => (path === '/' ? route === '/' : route.startsWith(path));
  let screen;
  const subject = /^\/subjects\/([0-9a-f-]{36})$/.exec(route);
  const site = /^\/sites\/([0-9a-f-]{36})$/.exec(route);
  const group = /^\/groups\/([0-9a-f-]{36})$/.exec(route);
  const deviceSite = /^\/devices\?site=([0-9a-f-]{36})$/.exec(route);
  if (subject) screen = <SubjectDetail api={api} id={subject[1]} />;
  else if (group) screen = <GroupDetail key={group[1]} api={api} id={group[1]} />;
  else if (route.startsWith('/groups')) screen = <Groups api={api} />;
  else if (site) screen = <SitePolicy key={site[1]} api={api} siteId={site[1]} />;
  else if (route.startsWith('/sites')) screen = <Sites api={api} />;
  else if (route.startsWith('/devices')) screen = <Devices key={route} api={api} siteFilter={deviceSite ? deviceSite[1] : null} />;
  else if (route.startsWith('/engine')) screen = <Engine api={api} />;
  else if (route.startsWith('/subjects')) screen = <Subjects api={api} />;
  else if (route.startsWith('/purposes')) screen = <Purposes api={api} />;
  else if (route.startsWith('/assessments')) screen = <Assessments api={api} />;
  else if (route.startsWith('/requests')) screen = <RequestQueue api={api} />;
  else if (route.startsWith('/audit')) screen = <Audit api={api} />;
  else if (route.startsWith('/retention')) screen = <Retention api={api} />;
  else if (route.startsWith('/webhooks')) screen = <Webhooks api={api} canManage={session.roles.includes('tenant-admin')} />;
  else if (route.startsWith('/staff')) screen = <Staff api={api} me={session.username} />;
  else screen = <Dashboard api={api} />;

  return (
    <div className="page console">
      <header className="bar">
        <h1>{t('console.title')} · {tenant}</h1>
        <span className="who">{t('console.signedInAs', { user: session.username })}</span>
        <LanguageSwitch />
        <button onClick={() => api.logout().finally(() => setSession(null))}>{t('console.signOut')}</button>
      </header>
      <nav aria-label="main">
        {nav.map(([path, label]) => (
          <a key={path} href={`#${path}`} aria-current={active(path) ? 'page' : undefined}>{label}</a>
        ))}
      </nav>
      <main>{screen}</main>
    </div>
  );
}
