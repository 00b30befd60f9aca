import { useEffect, useState } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import { query, type ConsoleApi } from './consoleApi';

interface SubjectRequest {
  id: string; subjectId: string; subjectName: string | null; type: 'ACCESS' | 'CORRECTION' | 'ERASURE'; details: string | null;
  status: 'OPEN' | 'IN_PROGRESS' | 'ANSWERED' | 'REJECTED'; filedAt: string; dueAt: string; overdue: boolean; byGuardian: boolean;
  answer: string | null; answeredBy: string | null; answeredAt: string | null;
}
interface Queue { items: SubjectRequest[]; open: number; overdue: number }
const STATUSES = ['OPEN', 'IN_PROGRESS', 'ANSWERED', 'REJECTED'];

/** The admins' queue of data-subject requests: due date first, overdue flagged; take, answer or reject (audited). */
export function RequestQueue({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [queue, setQueue] = useState<Queue | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    api.get<Queue>(`/requests${query({ status, overdue: overdueOnly ? 'true' : '' })}`).then(setQueue).catch((e) => setError(e.message));
  useEffect(() => void load(), [status, overdueOnly]);

  const act = async (r: SubjectRequest, action: 'start' | 'answer' | 'reject') => {
    setError(null);
    if (action === 'answer' && r.type === 'ERASURE' && !window.confirm(t('requests.erasureWarning'))) return;
    try {
      await api.post(`/requests/${r.id}/${action}`, action === 'start' ? undefined : { answer: answers[r.id] ?? '' });
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <h2>{t('requests.title')}</h2>
      {queue && <p className="muted" data-testid="request-counts">{t('requests.counts', { open: queue.open, overdue: queue.overdue })}</p>}
      <div className="filters">
        <label>{t('requests.filter')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('requests.all')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`request.status.${s}` as Key)}</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} /> {t('requests.overdueOnly')}</label>
      </div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {queue && queue.items.length === 0 && <p>{t('requests.none')}</p>}
      {queue && queue.items.map((r) => {
        const open = r.status === 'OPEN' || r.status === 'IN_PROGRESS';
        return (
          <section key={r.id} className={`card request${r.overdue ? ' overdue' : ''}`} data-request={r.id} data-status={r.status}>
            <h3>
              {t(`request.type.${r.type}` as Key)} · <a href={`#/subjects/${r.subjectId}`}>{r.subjectName ?? r.subjectId}</a>{' '}
              <span className={`state state-${r.status}`}>{t(`request.status.${r.status}` as Key)}</span>
              {r.overdue && <> <span className="warning">{t('request.overdue')}</span></>}
            </h3>
            <p className="muted">
              {t('requests.filed')}: {formatTime(r.filedAt, lang)} · {t('requests.due')}: {formatTime(r.dueAt, lang)}
              {r.byGuardian && <> · {t('requests.byGuardian')}</>}
            </p>
            {r.details && <p className="details">{r.details}</p>}
            {r.answer && <p className="answer">{r.answer} <span className="muted">— {r.answeredBy}</span></p>}
            {open && (
              <div className="answer-form">
                {r.type === 'ACCESS' && <p className="muted">{t('requests.accessHint')}</p>}
                {r.type === 'ERASURE' && <p className="warning">{t('requests.erasureWarning')}</p>}
                <label>{t('requests.answerLabel')}
                  <textarea name="answer" maxLength={4000} value={answers[r.id] ?? ''} onChange={(e) => setAnswers({ ...answers, [r.id]: e.target.value })} />
                </label>
                <div className="actions">
                  {r.status === 'OPEN' && <button onClick={() => act(r, 'start')}>{t('requests.take')}</button>}
                  <button className="primary" disabled={!(answers[r.id] ?? '').trim()} onClick={() => act(r, 'answer')}>
                    {t(r.type === 'ERASURE' ? 'requests.acceptErasure' : 'requests.answer')}
                  </button>
                  <button disabled={!(answers[r.id] ?? '').trim()} onClick={() => act(r, 'reject')}>{t('requests.reject')}</button>
                </div>
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}

/** The dashboard's line on subject requests: open and overdue counts, linking to the queue (overdue ones stand out). */
export function RequestCounts({ api }: { api: ConsoleApi }) {
  const { t } = useI18n();
  const [counts, setCounts] = useState<{ open: number; overdue: number } | null>(null);
  useEffect(() => void api.get<Queue>('/requests?size=1').then((q) => setCounts({ open: q.open, overdue: q.overdue })).catch(() => undefined), [api]);
  if (!counts) return null;
  return (
    <p className={counts.overdue > 0 ? 'warning' : 'muted'} data-testid="stat-requests">
      <a href="#/requests">{t('requests.title')}</a>: {t('requests.counts', counts)}
    </p>
  );
}
