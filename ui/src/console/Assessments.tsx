import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';

export interface Assessment {
  id: string; purpose: string; version: number; purposeAndNecessity: string; impactOnIndividuals: string;
  risksAndMeasures: string; alternatives: string; processingLocation: 'DEVICE' | 'PLATFORM'; reviewer: string;
  approvedOn: string; nextReviewOn: string; recordedBy: string; recordedAt: string; current: boolean;
  supersededAt: string | null; overdue: boolean;
}
export interface PurposeAssessments {
  purpose: string; title: string; kind: string; required: boolean; inForce: boolean; current: Assessment | null;
  overdue: boolean; versions: Assessment[];
}

const today = () => new Date().toISOString().slice(0, 10);
const inAYear = () => { const d = new Date(); d.setFullYear(d.getFullYear() + 1); return d.toISOString().slice(0, 10); };
/** What an admin records: the body of POST /purposes/{code}/assessments, and the `assessment` of a new face purpose. */
export type AssessmentForm = ReturnType<typeof emptyForm>;
export const emptyForm = () => ({
  purposeAndNecessity: '', impactOnIndividuals: '', risksAndMeasures: '', alternatives: '',
  processingLocation: 'PLATFORM', reviewer: '', approvedOn: today(), nextReviewOn: inAYear(),
});
const TEXTS = ['purposeAndNecessity', 'impactOnIndividuals', 'risksAndMeasures', 'alternatives'] as const;

/** Every field an approved assessment needs is filled in. */
export const assessmentComplete = (form: AssessmentForm) =>
  TEXTS.every((k) => form[k].trim() !== '') && form.reviewer.trim() !== '' && !!form.approvedOn && !!form.nextReviewOn;

/** The assessment's fields, for the assessments screen and for the form that creates a face purpose. */
export function AssessmentFields({ form, onChange }: { form: AssessmentForm; onChange: (form: AssessmentForm) => void }) {
  const { t } = useI18n();
  return (
    <>
      {TEXTS.map((k) => (
        <label key={k}>{t(`pia.${k}` as Key)}
          <textarea name={k} rows={3} required maxLength={20000} value={form[k]} onChange={(e) => onChange({ ...form, [k]: e.target.value })} />
        </label>
      ))}
      <label>{t('pia.processingLocation')}
        <select name="processingLocation" value={form.processingLocation} onChange={(e) => onChange({ ...form, processingLocation: e.target.value })}>
          {(['PLATFORM', 'DEVICE'] as const).map((l) => <option key={l} value={l}>{t(`pia.location.${l}` as Key)}</option>)}
        </select>
      </label>
      <label>{t('pia.reviewer')}<input name="reviewer" required maxLength={200} value={form.reviewer} onChange={(e) => onChange({ ...form, reviewer: e.target.value })} /></label>
      <label>{t('pia.approvedOn')}<input name="approvedOn" type="date" required max={today()} value={form.approvedOn} onChange={(e) => onChange({ ...form, approvedOn: e.target.value })} /></label>
      <label>{t('pia.nextReviewOn')}<input name="nextReviewOn" type="date" required value={form.nextReviewOn} onChange={(e) => onChange({ ...form, nextReviewOn: e.target.value })} /></label>
    </>
  );
}

/** Impact assessments per purpose: a face purpose is switched off until one is recorded; reviews fall due. */
export function Assessments({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<PurposeAssessments[] | null>(null);
  const [editing, setEditing] = useState<PurposeAssessments | null>(null);
  const [form, setForm] = useState(emptyForm());
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.get<PurposeAssessments[]>('/assessments').then(setRows).catch((e) => setError(e.message));
  useEffect(() => void load(), [api]);

  /** The console's calls carry its marker header, so a download goes through fetch and a blob. */
  const open = async (a: Assessment, kind: 'pdf' | 'json') => {
    const res = await api.raw(`/assessments/${a.id}/export.${kind}`);
    if (!res.ok) { setError(res.statusText); return; }
    const url = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = url;
    link.target = '_blank';
    if (kind === 'json') link.download = `impact-assessment-${a.purpose}-v${a.version}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  const startRecording = (p: PurposeAssessments) => {
    setEditing(p);
    setMessage(null);
    setError(null);
    const c = p.current;
    setForm(c ? { ...emptyForm(), purposeAndNecessity: c.purposeAndNecessity, impactOnIndividuals: c.impactOnIndividuals,
      risksAndMeasures: c.risksAndMeasures, alternatives: c.alternatives, processingLocation: c.processingLocation, reviewer: c.reviewer }
      : emptyForm());
  };

  const record = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setError(null);
    try {
      const a = await api.post<Assessment>(`/purposes/${editing.purpose}/assessments`, form);
      setMessage(t('pia.recorded', { version: a.version, purpose: editing.title }));
      setEditing(null);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const status = (p: PurposeAssessments) =>
    !p.inForce ? <span className="badge warn">{t('pia.off')}</span>
      : p.overdue ? <span className="badge warn">{t('pia.overdue')}</span>
        : <span className="badge ok">{t('pia.inForce')}</span>;

  const complete = assessmentComplete(form);
  return (
    <>
      <h2>{t('nav.assessments')}</h2>
      <p className="muted">{t('pia.intro')}</p>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {rows && (
        <table data-testid="assessments-table">
          <thead><tr><th>{t('pia.purpose')}</th><th>{t('pia.status')}</th><th>{t('pia.version')}</th><th>{t('pia.reviewer')}</th>
            <th>{t('pia.approvedOn')}</th><th>{t('pia.nextReviewOn')}</th><th /></tr></thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.purpose} data-purpose={p.purpose}>
                <td>{p.title}<div className="muted"><code>{p.purpose}</code> · {p.kind}</div>
                  {p.versions.length > 1 && (
                    <details><summary>{t('pia.versions')}</summary>
                      <ul>{p.versions.filter((v) => !v.current).map((v) => (
                        <li key={v.id}>v{v.version} · {v.reviewer} · {v.approvedOn}
                          {v.supersededAt && <> · {t('pia.superseded', { time: formatTime(v.supersededAt, lang) })}</>}
                          {' '}<button type="button" onClick={() => open(v, 'pdf')} aria-label={t('pia.pdfOf', { version: v.version, purpose: p.title })}>{t('pia.pdf')}</button>
                        </li>))}
                      </ul>
                    </details>)}
                </td>
                <td>{status(p)}</td>
                <td>{p.current ? p.current.version : '—'}</td>
                <td>{p.current?.reviewer ?? t('pia.none')}</td>
                <td>{p.current?.approvedOn ?? ''}</td>
                <td className={p.overdue ? 'error' : undefined}>{p.current?.nextReviewOn ?? ''}</td>
                <td>
                  {p.current && <>
                    <button type="button" onClick={() => open(p.current!, 'pdf')} aria-label={t('pia.pdfOf', { version: p.current.version, purpose: p.title })}>{t('pia.pdf')}</button>{' '}
                    <button type="button" onClick={() => open(p.current!, 'json')} aria-label={t('pia.jsonOf', { version: p.current.version, purpose: p.title })}>{t('pia.json')}</button>{' '}
                  </>}
                  {p.required && <button type="button" className={p.inForce ? undefined : 'primary'} onClick={() => startRecording(p)}>{t('pia.record')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <form className="card" onSubmit={record} data-testid="assessment-form">
          <h3>{t('pia.recordFor', { title: editing.title })}</h3>
          <AssessmentFields form={form} onChange={setForm} />
          <div className="actions">
            <button className="primary" type="submit" disabled={!complete}>{t('pia.save')}</button>
            <button type="button" onClick={() => setEditing(null)}>{t('pia.cancel')}</button>
          </div>
        </form>
      )}
    </>
  );
}
