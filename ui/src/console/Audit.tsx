import { useEffect, useState } from 'react';
import { useI18n } from '../common/i18n';
import { formatTime } from '../common/api';
import { query, type ConsoleApi } from './consoleApi';

interface Entry { seq: number; id: string; occurredAt: string; actorType: string; actorId: string; action: string; subjectRef: string | null; purpose: string | null; outcome: string; details?: Record<string, string> | null }
interface Page { items: Entry[]; page: number; size: number; total: number }
interface Verification { valid: boolean; entriesChecked: number; firstBrokenSeq: number | null; reason: string | null }

export function Audit({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState({ action: '', outcome: '', subjectRef: '' });
  const [applied, setApplied] = useState(filter);
  const [page, setPage] = useState(0);
  const [data, setData] = useState<Page | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => void api.get<Page>(`/audit${query({ ...applied, page, size: 50 })}`).then(setData).catch((e) => setError(e.message)), [applied, page]);

  const exportLog = async () => {
    const res = await api.raw(`/audit/export${query(applied)}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'audit.ndjson';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const verify = () => api.post<Verification>('/audit/verify').then(setVerification).catch((e) => setError(e.message));

  return (
    <>
      <h2>{t('nav.audit')}</h2>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setPage(0); setApplied(filter); }}>
        <label>{t('audit.action')}<input value={filter.action} onChange={(e) => setFilter({ ...filter, action: e.target.value })} /></label>
        <label>{t('audit.outcome')}<input value={filter.outcome} onChange={(e) => setFilter({ ...filter, outcome: e.target.value })} /></label>
        <label>{t('audit.subjectRef')}<input value={filter.subjectRef} onChange={(e) => setFilter({ ...filter, subjectRef: e.target.value })} /></label>
        <button type="submit">{t('audit.filter')}</button>
        <button type="button" onClick={exportLog}>{t('audit.export')}</button>
        <button type="button" className="primary" onClick={verify}>{t('audit.verify')}</button>
      </form>
      <div aria-live="polite" data-testid="verification">
        {verification && (verification.valid
          ? <p className="ok big">✔ {t('audit.valid', { count: verification.entriesChecked })}</p>
          : <p className="error big">✖ {t('audit.broken', { seq: verification.firstBrokenSeq ?? '?', reason: verification.reason ?? '' })}</p>)}
      </div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {data && (
        <>
          <table data-testid="audit-table">
            <thead><tr><th>#</th><th>{t('audit.time')}</th><th>{t('audit.actor')}</th><th>{t('audit.action')}</th><th>{t('audit.subjectRef')}</th><th>{t('subjects.filterPurpose')}</th><th>{t('audit.outcome')}</th></tr></thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.id}>
                  <td>{e.seq}</td><td>{formatTime(e.occurredAt, lang)}</td><td>{e.actorType} {e.actorId}</td>
                  <td>{e.action}</td><td className="mono">{e.subjectRef ?? ''}</td><td>{e.purpose ?? ''}</td><td>{e.outcome}{e.details?.reason ? <span className="muted"> · {e.details.reason}</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button disabled={page === 0} onClick={() => setPage(page - 1)}>{t('common.prev')}</button>
            <button disabled={(page + 1) * data.size >= data.total} onClick={() => setPage(page + 1)}>{t('common.next')}</button>
          </div>
        </>
      )}
    </>
  );
}
