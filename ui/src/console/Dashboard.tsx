import { useEffect, useState } from 'react';
import { useI18n } from '../common/i18n';
import type { ConsoleApi } from './consoleApi';

interface Purpose { code: string; title: string; kind: string }
interface Page { total: number }

export function Dashboard({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [stats, setStats] = useState<{ label: string; value: number }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      const [subjects, purposes, audit] = await Promise.all([
        api.get<Page>('/subjects?size=1'),
        api.get<Purpose[]>('/purposes'),
        api.get<Page>('/audit?size=1'),
      ]);
      const active = await Promise.all(
        purposes.map(async (p) => ({ label: t('dash.activeConsents', { title: p.title }), value: (await api.get<Page>(`/subjects?size=1&purpose=${p.code}&state=GRANTED`)).total })),
      );
      setStats([
        { label: t('dash.subjects'), value: subjects.total },
        { label: t('dash.purposes'), value: purposes.length },
        ...active,
        { label: t('dash.auditEntries'), value: audit.total },
      ]);
    })().catch((e) => setError(e.message));
  }, [api, lang]);
  if (error) return <p role="alert" className="error">{t('error', { detail: error })}</p>;
  if (!stats) return <p>{t('loading')}</p>;
  return (
    <>
      <h2>{t('nav.dashboard')}</h2>
      <dl className="stats">
        {stats.map((s) => (
          <div key={s.label} className="stat"><dt>{s.label}</dt><dd>{s.value}</dd></div>
        ))}
      </dl>
      <p className="muted">{t('dash.unavailable')}</p>
    </>
  );
}
