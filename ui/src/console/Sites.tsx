import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import type { Device } from './devices';

export interface Site {
  id: string; name: string; description: string | null; timeZone: string; createdAt: string; updatedAt: string;
  category?: string; privateSpace?: boolean;
}

/** The closed list of site categories; the last six are private spaces, where no face method may run. */
export const SITE_CATEGORIES = ['ENTRANCE', 'LOBBY', 'CORRIDOR', 'ELEVATOR_HALL', 'SALES_FLOOR', 'COUNTER', 'CAR_PARK', 'OTHER_PUBLIC',
  'ROOM', 'TOILET', 'CHANGING_AREA', 'SHOWER', 'NURSING_ROOM', 'MEDICAL_ROOM'] as const;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const zones = (): string[] => {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone');
  return all && all.length > 0 ? all : ['UTC', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Europe/London', 'America/New_York'];
};

/** Sites: the places people enter. Each has its devices and one access policy. */
export function Sites({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [sites, setSites] = useState<Site[] | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [form, setForm] = useState({ name: '', description: '', timeZone: browserZone(), category: 'ENTRANCE' });
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = () =>
    Promise.all([api.get<Site[]>('/sites'), api.get<Device[]>('/devices')])
      .then(([s, d]) => { setSites(s); setDevices(d); })
      .catch((e) => setError(e.message));
  useEffect(() => void load(), [api]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const site = await api.post<Site>('/sites', { name: form.name.trim(), description: form.description.trim() || null, timeZone: form.timeZone, category: form.category });
      setMessage(t('sites.created', { name: site.name }));
      setForm({ ...form, name: '', description: '' });
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const count = (site: string) => devices.filter((d) => d.siteId === site && d.status === 'ACTIVE').length;
  return (
    <>
      <h2>{t('nav.sites')}</h2>
      <p className="muted">{t('sites.intro')}</p>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {sites && (sites.length === 0 ? <p>{t('sites.none')}</p> : (
        <table data-testid="sites-table">
          <thead><tr><th>{t('sites.name')}</th><th>{t('sites.category')}</th><th>{t('sites.timeZone')}</th><th>{t('sites.devices')}</th><th>{t('sites.createdAt')}</th><th /></tr></thead>
          <tbody>
            {sites.map((s) => (
              <tr key={s.id}>
                <td><a href={`#/sites/${s.id}`}>{s.name}</a>{s.description && <div className="muted">{s.description}</div>}</td>
                <td>{s.category ? t(`sites.category.${s.category}` as Key) : ''}</td>
                <td>{s.timeZone}</td>
                <td><a href={`#/devices?site=${s.id}`} aria-label={t('sites.devicesOf', { name: s.name, count: count(s.id) })}>{count(s.id)}</a></td>
                <td>{formatTime(s.createdAt, lang)}</td>
                <td><a className="button" href={`#/sites/${s.id}`} aria-label={t('sites.editPolicyOf', { name: s.name })}>{t('sites.editPolicy')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <form className="card" onSubmit={create}>
        <h3>{t('sites.new')}</h3>
        <label>{t('sites.name')}<input name="siteName" required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>{t('sites.description')}<input name="siteDescription" maxLength={1000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></label>
        <label>{t('sites.category')}
          <select name="siteCategory" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} aria-describedby="category-hint">
            {SITE_CATEGORIES.map((c) => <option key={c} value={c}>{t(`sites.category.${c}` as Key)}</option>)}
          </select>
        </label>
        <p className="muted" id="category-hint">{t('sites.categoryHint')}</p>
        <label>{t('sites.timeZone')}
          <input name="siteTimeZone" list="time-zones" required value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} />
          <datalist id="time-zones">{zones().map((z) => <option key={z} value={z} />)}</datalist>
        </label>
        <p className="muted">{t('sites.startsWithout')}</p>
        <button className="primary" type="submit" disabled={form.name.trim() === ''}>{t('sites.create')}</button>
      </form>
    </>
  );
}
