import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import { ago, presence, type Device } from './devices';
import type { Site } from './Sites';
import { SecretOnce } from './SecretOnce';

/** The secret of a device, shown once: the api keeps only Keycloak's copy and never answers with it again. */
function DeviceSecret({ device, rotated, onDone }: { device: Device; rotated: boolean; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <SecretOnce testId="device-secret" heading={t(rotated ? 'devices.secretRotated' : 'devices.registered', { name: device.name })}
      warning={t('devices.secretOnce')} label={t('devices.secret')} secret={device.clientSecret ?? ''} onDone={onDone}>
      <dl className="pairs">
        <dt>{t('devices.clientId')}</dt><dd><code>{device.clientId}</code></dd>
        {device.tokenEndpoint && (<><dt>{t('devices.tokenEndpoint')}</dt><dd><code>{device.tokenEndpoint}</code></dd></>)}
      </dl>
    </SecretOnce>
  );
}

const HEALTH_CLASS: Record<string, string> = { OK: 'ok', DEGRADED: 'warn', FAILING: 'error' };

export function Devices({ api, siteFilter }: { api: ConsoleApi; siteFilter: string | null }) {
  const { t, lang } = useI18n();
  const [sites, setSites] = useState<Site[]>([]);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [form, setForm] = useState({ name: '', siteId: siteFilter ?? '' });
  const [secret, setSecret] = useState<{ device: Device; rotated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  const load = () =>
    Promise.all([api.get<Site[]>('/sites'), api.get<Device[]>(`/devices${siteFilter ? `?site=${siteFilter}` : ''}`)])
      .then(([s, d]) => {
        setSites(s);
        setDevices(d);
        setNow(Date.now());
        setForm((f) => ({ ...f, siteId: f.siteId || siteFilter || s[0]?.id || '' }));
      })
      .catch((e) => setError(e.message));
  useEffect(() => void load(), [api, siteFilter]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000); // "online" and "… ago" age while the page is open
    return () => clearInterval(id);
  }, []);

  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  const register = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const device = await api.post<Device>('/devices', { siteId: form.siteId, name: form.name.trim() });
      setSecret({ device, rotated: false });
      setForm({ ...form, name: '' });
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const rotate = async (d: Device) => {
    if (!window.confirm(t('devices.rotateConfirm', { name: d.name }))) return;
    try {
      setSecret({ device: await api.post<Device>(`/devices/${d.id}/rotate-secret`), rotated: true });
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const revoke = async (d: Device) => {
    if (!window.confirm(t('devices.revokeConfirm', { name: d.name }))) return;
    try {
      await api.post<Device>(`/devices/${d.id}/revoke`);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <>
      <h2>{t('nav.devices')}{siteFilter && ` · ${siteName(siteFilter)}`}</h2>
      {siteFilter && <p><a href="#/devices">{t('devices.allSites')}</a></p>}
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {secret && <DeviceSecret device={secret.device} rotated={secret.rotated} onDone={() => setSecret(null)} />}
      {devices && (devices.length === 0 ? <p>{t('devices.none')}</p> : (
        <table data-testid="devices-table">
          <thead>
            <tr>
              <th>{t('devices.name')}</th><th>{t('devices.site')}</th><th>{t('devices.state')}</th><th>{t('devices.lastSeen')}</th>
              <th>{t('devices.version')}</th><th>{t('devices.health')}</th><th>{t('devices.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => {
              const p = presence(d, now);
              return (
                <tr key={d.id} data-device={d.name}>
                  <td>{d.name}<div className="muted mono">{d.clientId}</div></td>
                  <td><a href={`#/sites/${d.siteId}`}>{siteName(d.siteId)}</a></td>
                  <td><span className={`pill pill-${p}`}>{t(`devices.presence.${p}` as Key)}</span></td>
                  <td>{d.lastSeenAt ? <time dateTime={d.lastSeenAt} title={formatTime(d.lastSeenAt, lang)}>{ago(d.lastSeenAt, now, lang)}</time> : '—'}</td>
                  <td>{d.softwareVersion ?? '—'}</td>
                  <td>
                    {d.health ? <span className={HEALTH_CLASS[d.health]}>{t(`devices.health.${d.health}` as Key)}</span> : '—'}
                    {d.healthDetail && <div className="muted">{d.healthDetail}</div>}
                  </td>
                  <td>
                    {d.status === 'ACTIVE' ? (
                      <div className="actions">
                        <button type="button" onClick={() => rotate(d)} aria-label={t('devices.rotateNamed', { name: d.name })}>{t('devices.rotate')}</button>
                        <button type="button" className="danger" onClick={() => revoke(d)} aria-label={t('devices.revokeNamed', { name: d.name })}>{t('devices.revoke')}</button>
                      </div>
                    ) : t('devices.revokedAt', { time: formatTime(d.revokedAt, lang) })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      {sites.length === 0 && devices ? <p className="muted">{t('devices.needSite')} <a href="#/sites">{t('nav.sites')}</a></p> : (
        <form className="card" onSubmit={register}>
          <h3>{t('devices.register')}</h3>
          <label>{t('devices.name')}<input name="deviceName" required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
          <label>{t('devices.site')}
            <select name="deviceSite" value={form.siteId} onChange={(e) => setForm({ ...form, siteId: e.target.value })}>
              {sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </label>
          <p className="muted">{t('devices.registerHint')}</p>
          <button className="primary" type="submit" disabled={form.name.trim() === '' || !form.siteId}>{t('devices.registerButton')}</button>
        </form>
      )}
    </>
  );
}
