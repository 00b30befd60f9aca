import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { PortalApi, RequestType, SubjectRequest } from './portalApi';
import { requestProblem } from './requests';

const TYPES: RequestType[] = ['ACCESS', 'CORRECTION', 'ERASURE'];

/** Data-subject requests: file one (access, correction, erasure) and follow its status, due date and answer. */
export function Requests({ api }: { api: PortalApi }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<SubjectRequest[]>([]);
  const [type, setType] = useState<RequestType>('ACCESS');
  const [details, setDetails] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => api.requests().then(setItems).catch((e) => setError((e as Error).message)), [api]);
  useEffect(() => void reload(), [reload]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setMessage(null);
    const local = requestProblem(type, details);
    if (local) {
      setError(t(local));
      return;
    }
    try {
      const r = await api.fileRequest(type, details);
      setMessage(t('portal.requests.filed', { time: formatTime(r.dueAt, lang) }));
      setDetails('');
      await reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="requests" data-testid="requests">
      <h2>{t('portal.requests')}</h2>
      <p>{t('portal.requests.explain')}</p>
      <form className="card" onSubmit={submit}>
        <label>{t('portal.requests.type')}
          <select name="requestType" value={type} onChange={(e) => setType(e.target.value as RequestType)}>
            {TYPES.map((k) => <option key={k} value={k}>{t(`portal.requests.type.${k}` as Key)}</option>)}
          </select>
        </label>
        <label>{t('portal.requests.details')}
          <textarea name="requestDetails" maxLength={4000} value={details} onChange={(e) => setDetails(e.target.value)} />
        </label>
        <button className="primary" type="submit">{t('portal.requests.file')}</button>
      </form>
      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      </div>
      {items.length === 0 ? <p>{t('portal.requests.none')}</p> : (
        <ul className="request-list">
          {items.map((r) => (
            <li key={r.id} data-request={r.id} data-status={r.status}>
              <strong>{t(`request.type.${r.type}` as Key)}</strong>{' '}
              <span className={`state state-${r.status}`}>{t(`request.status.${r.status}` as Key)}</span>{' '}
              <span className="muted">{t('portal.requests.due', { time: formatTime(r.dueAt, lang) })}</span>
              {r.overdue && <> <span className="warning">{t('request.overdue')}</span></>}
              {r.answer && <p className="answer">{t('portal.requests.answer', { answer: r.answer })}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
