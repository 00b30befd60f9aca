import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import { query, type ConsoleApi } from './consoleApi';
import { SecretOnce } from './SecretOnce';

/** The event types of the webhook contract (docs/operations/webhooks.md). */
export const EVENT_TYPES = [
  'io.consentry.decision.made',
  'io.consentry.consent.granted',
  'io.consentry.consent.withdrawn',
  'io.consentry.enrolment.completed',
  'io.consentry.erasure.completed',
  'io.consentry.device.health',
] as const;

export interface Subscription {
  id: string; url: string; description?: string; eventTypes: string[]; active: boolean;
  previousSecretValidUntil?: string; createdAt: string; updatedAt: string; secret?: string;
}
export interface Delivery {
  id: string; subscriptionId: string; eventId: string; eventType: string; status: 'PENDING' | 'DELIVERED' | 'DEAD';
  attemptCount: number; createdAt: string; nextAttemptAt?: string; deliveredAt?: string; lastStatus?: number; lastError?: string;
}

/** The short name of a type for tables: io.consentry.decision.made → decision.made. */
export const shortType = (type: string) => type.replace(/^io\.consentry\./, '');

/** The signing secret, shown once after creation or rotation: the api never answers with it again. */
function SigningSecret({ sub, rotated, onDone }: { sub: Subscription; rotated: boolean; onDone: () => void }) {
  const { t, lang } = useI18n();
  return (
    <SecretOnce testId="webhook-secret" heading={t(rotated ? 'webhooks.secretRotated' : 'webhooks.created', { url: sub.url })}
      warning={t('webhooks.secretOnce')} label={t('webhooks.secret')} secret={sub.secret ?? ''} onDone={onDone}>
      {rotated && sub.previousSecretValidUntil && (
        <p>{t('webhooks.overlapUntil', { time: formatTime(sub.previousSecretValidUntil, lang) })}</p>
      )}
    </SecretOnce>
  );
}

const STATUS_CLASS: Record<string, string> = { DELIVERED: 'ok', PENDING: 'warn', DEAD: 'error' };

export function Webhooks({ api, canManage }: { api: ConsoleApi; canManage: boolean }) {
  const { t, lang } = useI18n();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [log, setLog] = useState<Delivery[] | null>(null);
  const [dead, setDead] = useState<Delivery[]>([]);
  const [filter, setFilter] = useState({ status: '', type: '' });
  const [form, setForm] = useState({ url: '', description: '', types: [EVENT_TYPES[0]] as string[] });
  const [secret, setSecret] = useState<{ sub: Subscription; rotated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    Promise.all([
      api.get<Subscription[]>('/webhooks/subscriptions'),
      api.get<Delivery[]>(`/webhooks/deliveries${query({ status: filter.status, type: filter.type, size: 50 })}`),
      api.get<Delivery[]>('/webhooks/deliveries?status=DEAD&size=50'),
    ]).then(([s, l, d]) => {
      setSubs(s);
      setLog(l);
      setDead(d);
    }).catch((e) => setError(e.message));
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 3_000); // the log follows deliveries while the page is open
    return () => clearInterval(id);
  }, [api, filter.status, filter.type]);

  const urlOf = (id: string) => subs?.find((s) => s.id === id)?.url ?? id;
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const sub = await api.post<Subscription>('/webhooks/subscriptions',
        { url: form.url.trim(), description: form.description.trim() || undefined, eventTypes: form.types });
      setSecret({ sub, rotated: false });
      setForm({ url: '', description: '', types: [EVENT_TYPES[0]] });
    });
  };
  const rotate = (s: Subscription) => {
    if (!window.confirm(t('webhooks.rotateConfirm', { url: s.url }))) return;
    void act(async () => setSecret({ sub: await api.post<Subscription>(`/webhooks/subscriptions/${s.id}/rotate-secret`), rotated: true }));
  };
  const toggle = (s: Subscription) =>
    act(() => api.put(`/webhooks/subscriptions/${s.id}`, { url: s.url, description: s.description, eventTypes: s.eventTypes, active: !s.active }));
  const redeliver = (d: Delivery) => act(() => api.post(`/webhooks/deliveries/${d.id}/redeliver`));
  const toggleType = (type: string, on: boolean) =>
    setForm((f) => ({ ...f, types: on ? [...f.types, type] : f.types.filter((x) => x !== type) }));

  const deliveryRows = (rows: Delivery[], testId: string) => (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th>{t('webhooks.time')}</th><th>{t('webhooks.type')}</th><th>{t('webhooks.receiver')}</th><th>{t('webhooks.status')}</th>
          <th>{t('webhooks.attempts')}</th><th>{t('webhooks.lastResult')}</th>{canManage && <th>{t('devices.actions')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} data-delivery={d.id} data-status={d.status} data-type={shortType(d.eventType)} data-receiver={urlOf(d.subscriptionId)}>
            <td><time dateTime={d.createdAt}>{formatTime(d.createdAt, lang)}</time></td>
            <td className="mono">{shortType(d.eventType)}</td>
            <td className="mono">{urlOf(d.subscriptionId)}</td>
            <td><span className={STATUS_CLASS[d.status]}>{t(`webhooks.status.${d.status}` as Key)}</span></td>
            <td>{d.attemptCount}</td>
            <td>{d.lastStatus ? `HTTP ${d.lastStatus}` : ''}{d.lastError && d.lastError !== `HTTP ${d.lastStatus}` ? ` ${d.lastError}` : ''}</td>
            {canManage && (
              <td>{d.status === 'DEAD' && <button type="button" onClick={() => redeliver(d)} aria-label={t('webhooks.redeliverNamed', { id: d.eventId })}>{t('webhooks.redeliver')}</button>}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <>
      <h2>{t('nav.webhooks')}</h2>
      <p className="muted">{t('webhooks.intro')}</p>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {secret && <SigningSecret sub={secret.sub} rotated={secret.rotated} onDone={() => setSecret(null)} />}

      <h3>{t('webhooks.subscriptions')}</h3>
      {subs && (subs.length === 0 ? <p>{t('webhooks.none')}</p> : (
        <table data-testid="webhook-subscriptions">
          <thead>
            <tr><th>{t('webhooks.receiver')}</th><th>{t('webhooks.types')}</th><th>{t('webhooks.state')}</th>{canManage && <th>{t('devices.actions')}</th>}</tr>
          </thead>
          <tbody>
            {subs.map((s) => (
              <tr key={s.id} data-subscription={s.url}>
                <td className="mono">{s.url}{s.description && <div className="muted">{s.description}</div>}</td>
                <td>{s.eventTypes.map(shortType).join(', ')}</td>
                <td>
                  <span className={s.active ? 'ok' : 'muted'}>{t(s.active ? 'webhooks.active' : 'webhooks.disabled')}</span>
                  {s.previousSecretValidUntil && <div className="muted">{t('webhooks.overlapUntil', { time: formatTime(s.previousSecretValidUntil, lang) })}</div>}
                </td>
                {canManage && (
                  <td>
                    <div className="actions">
                      <button type="button" onClick={() => rotate(s)}>{t('devices.rotate')}</button>
                      <button type="button" className={s.active ? 'danger' : ''} onClick={() => toggle(s)}>{t(s.active ? 'webhooks.disable' : 'webhooks.enable')}</button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ))}

      {canManage && (
        <form className="card" onSubmit={create}>
          <h3>{t('webhooks.add')}</h3>
          <label>{t('webhooks.url')}
            <input name="webhookUrl" type="url" required maxLength={2000} placeholder="https://" value={form.url}
              onChange={(e) => setForm({ ...form, url: e.target.value })} />
          </label>
          <label>{t('webhooks.description')}
            <input name="webhookDescription" maxLength={500} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
          </label>
          <fieldset>
            <legend>{t('webhooks.types')}</legend>
            {EVENT_TYPES.map((type) => (
              <label key={type} className="check">
                <input type="checkbox" name={`type-${shortType(type)}`} checked={form.types.includes(type)} onChange={(e) => toggleType(type, e.target.checked)} />
                {t(`webhooks.type.${shortType(type)}` as Key)} <span className="muted mono">{type}</span>
              </label>
            ))}
          </fieldset>
          <p className="muted">{t('webhooks.addHint')}</p>
          <button className="primary" type="submit" disabled={form.url.trim() === '' || form.types.length === 0}>{t('webhooks.addButton')}</button>
        </form>
      )}

      <h3>{t('webhooks.deadLetters')}</h3>
      {dead.length === 0 ? <p data-testid="webhook-no-dead">{t('webhooks.noDead')}</p> : deliveryRows(dead, 'webhook-dead')}

      <h3>{t('webhooks.log')}</h3>
      <div className="filters">
        <label>{t('webhooks.status')}
          <select name="deliveryStatus" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
            <option value="">{t('webhooks.all')}</option>
            {(['PENDING', 'DELIVERED', 'DEAD'] as const).map((s) => <option key={s} value={s}>{t(`webhooks.status.${s}` as Key)}</option>)}
          </select>
        </label>
        <label>{t('webhooks.type')}
          <select name="deliveryType" value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value })}>
            <option value="">{t('webhooks.all')}</option>
            {EVENT_TYPES.map((type) => <option key={type} value={type}>{shortType(type)}</option>)}
          </select>
        </label>
      </div>
      {log && (log.length === 0 ? <p>{t('webhooks.noDeliveries')}</p> : deliveryRows(log, 'webhook-log'))}
    </>
  );
}
