import { useEffect, useState, type ReactNode } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import { percent } from './chart';
import { RequestCounts } from './RequestQueue';

interface Decisions { granted: number; fallback: number; denied: number; total: number }
export interface DashboardView {
  asOf: string;
  timeZone: string;
  todayFrom: string;
  subjects: number;
  activeConsents: { code: string; title: string; kind: string; active: number }[];
  enrolments: { enrolledSubjects: number; templates: number; today: number };
  verificationsToday: Decisions;
  alternativesToday: { granted: number; denied: number; total: number; byMethod: Record<string, number> };
  devices: { active: number; online: number; unhealthy: number; revoked: number; onlineWindowSeconds: number };
  auditEntries: number;
  /** 1:N identification as the gallery grows (absent when no site identifies). */
  identification?: {
    gallerySize: number;
    sites: { siteId: string; targetFpir: number; meetable: boolean; reason: string | null; expectedFnir: number | null; largestGallerySize: number }[];
  } | null;
  /** Impact assessments overdue or missing, and the filing threshold (absent from older servers). */
  regulatory?: {
    overdueAssessments: string[];
    unassessedPurposes: string[];
    filing: { people: number; threshold: number; crossed: boolean; crossedAt: string | null };
  } | null;
}

/** Banners for what a regulator would ask about first; each links to the screen that settles it. */
function Regulatory({ r }: { r: NonNullable<DashboardView['regulatory']> }) {
  const { t, lang } = useI18n();
  return (
    <section aria-label={t('dash.regulatory')} data-testid="regulatory">
      {r.filing.crossed && <p className="warning" role="alert" data-testid="filing-banner">{t('dash.filingCrossed',
        { people: r.filing.people, threshold: r.filing.threshold, time: r.filing.crossedAt ? formatTime(r.filing.crossedAt, lang) : '' })}</p>}
      {r.unassessedPurposes.length > 0 && <p className="warning"><a href="#/assessments">{t('dash.unassessed', { purposes: r.unassessedPurposes.join(', ') })}</a></p>}
      {r.overdueAssessments.length > 0 && <p className="warning" data-testid="overdue-banner"><a href="#/assessments">{t('dash.overdue', { purposes: r.overdueAssessments.join(', ') })}</a></p>}
      {!r.filing.crossed && <p className="muted">{t('dash.filingCount', { people: r.filing.people, threshold: r.filing.threshold })}</p>}
    </section>
  );
}

/** The browser's zone defines "today"; the server counts from midnight there. */
const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function Stat({ label, value, children, testId }: { label: string; value: number | string; children?: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
      {children && <dd className="detail">{children}</dd>}
    </div>
  );
}

export function Dashboard({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [d, setD] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => api.get<DashboardView>(`/dashboard?tz=${encodeURIComponent(zone())}`).then(setD).catch((e) => setError(e.message));
    load();
    const id = setInterval(load, 60_000);
    return () => clearInterval(id);
  }, [api]);
  if (error) return <p role="alert" className="error">{t('error', { detail: error })}</p>;
  if (!d) return <p>{t('loading')}</p>;
  const v = d.verificationsToday, a = d.alternativesToday;
  const methods = Object.entries(a.byMethod).filter(([, n]) => n > 0).map(([m, n]) => `${t(`policy.method.${m}` as Key)} ${n}`).join(' · ');
  return (
    <>
      <h2>{t('nav.dashboard')}</h2>
      <p className="muted">{t('dash.asOf', { time: formatTime(d.asOf, lang), zone: d.timeZone })}</p>
      {d.regulatory && <Regulatory r={d.regulatory} />}
      <RequestCounts api={api} />
      <h3>{t('dash.people')}</h3>
      <dl className="stats">
        <Stat label={t('dash.subjects')} value={d.subjects} testId="stat-subjects" />
        {d.activeConsents.map((p) => <Stat key={p.code} label={t('dash.activeConsents', { title: p.title })} value={p.active} />)}
        <Stat label={t('dash.enrolled')} value={d.enrolments.enrolledSubjects} testId="stat-enrolled">
          {t('dash.templates', { templates: d.enrolments.templates, today: d.enrolments.today })}
        </Stat>
      </dl>
      <h3>{t('dash.today')}</h3>
      <dl className="stats">
        <Stat label={t('dash.verifications')} value={v.total} testId="stat-verifications">
          <span className="ok">{t('dash.granted', { n: v.granted })}</span> · <span className="warn">{t('dash.fallback', { n: v.fallback })}</span> · <span className="error">{t('dash.denied', { n: v.denied })}</span>
        </Stat>
        <Stat label={t('dash.alternatives')} value={a.total} testId="stat-alternatives">
          {t('dash.altSplit', { granted: a.granted, denied: a.denied })}{methods && <div>{methods}</div>}
        </Stat>
        <Stat label={t('dash.devicesOnline')} value={`${d.devices.online} / ${d.devices.active}`} testId="stat-devices">
          {t('dash.devicesDetail', { minutes: Math.round(d.devices.onlineWindowSeconds / 60), unhealthy: d.devices.unhealthy, revoked: d.devices.revoked })}
        </Stat>
        <Stat label={t('dash.auditEntries')} value={d.auditEntries} />
      </dl>
      {d.identification && (
        <>
          <h3>{t('dash.identification')}</h3>
          <p>{t('dash.gallery', { n: d.identification.gallerySize })}</p>
          <ul data-testid="identification-outlook">
            {d.identification.sites.map((s) => (
              <li key={s.siteId} className={s.meetable ? 'ok' : 'warning'}>
                <a href={`#/sites/${s.siteId}`}>{s.meetable
                  ? t('dash.siteOk', { site: s.siteId.slice(0, 8), fpir: percent(s.targetFpir), fnir: s.expectedFnir === null ? '—' : percent(s.expectedFnir) })
                  : t('dash.siteTooLarge', { site: s.siteId.slice(0, 8), fpir: percent(s.targetFpir), largest: s.largestGallerySize.toLocaleString('en-GB') })}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
