import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import { ageBody, ageProblem, todayIso, type AgeForm } from './ageForm';

interface Link {
  id: string; guardianId: string; guardianName: string | null; relationship: string | null; createdAt: string; endedAt: string | null;
}
interface Linked { link: Link; invitation: { sentTo: string } | null }
export interface AgeFacts { birthDate?: string | null; ageBand?: 'MINOR' | 'ADULT' | null; minor?: boolean }

/** The age inputs, shared by the new-subject form and the subject's page. */
export function AgeFields({ form, onChange }: { form: AgeForm; onChange: (f: AgeForm) => void }) {
  const { t } = useI18n();
  return (
    <>
      <label>{t('subjects.birthDate')}
        <input type="date" name="birthDate" max={todayIso()} value={form.birthDate} onChange={(e) => onChange({ ...form, birthDate: e.target.value })} />
      </label>
      <label>{t('subjects.ageBand')}
        <select name="ageBand" value={form.ageBand} onChange={(e) => onChange({ ...form, ageBand: e.target.value as AgeForm['ageBand'] })}>
          <option value="">{t('subjects.ageBand.none')}</option>
          <option value="MINOR">{t('subjects.ageBand.MINOR')}</option>
          <option value="ADULT">{t('subjects.ageBand.ADULT')}</option>
        </select>
      </label>
    </>
  );
}

/**
 * Minors on the subject's page: the age (birth date or band) and, below the age of consent, the guardians who decide.
 * Linking mails the guardian their own invitation; the admin never decides.
 */
export function MinorPanel({ api, id, subject, erased, onChanged }: {
  api: ConsoleApi; id: string; subject: AgeFacts; erased: boolean; onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const [age, setAge] = useState<AgeForm>({ birthDate: subject.birthDate ?? '', ageBand: subject.ageBand ?? '' });
  const [links, setLinks] = useState<Link[]>([]);
  const [guardian, setGuardian] = useState({ name: '', contact: '', relationship: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.get<Link[]>(`/subjects/${id}/guardians`).then(setLinks).catch((e) => setError(e.message));
  useEffect(() => void load(), [id]);

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const saveAge = (e: FormEvent) => {
    e.preventDefault();
    const problem = ageProblem(age, todayIso());
    if (problem) return setError(t(problem));
    return run(async () => {
      await api.put(`/subjects/${id}/age`, ageBody(age));
      onChanged();
    });
  };
  const link = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      const r = await api.post<Linked>(`/subjects/${id}/guardians`, {
        name: guardian.name, contact: guardian.contact, relationship: guardian.relationship || null,
      });
      setGuardian({ name: '', contact: '', relationship: '' });
      setMessage(t('subject.guardian.linked', { to: r.invitation?.sentTo ?? '—' }));
      await load();
    });
  };
  const unlink = (l: Link) => run(async () => {
    await api.del(`/subjects/${id}/guardians/${l.id}`);
    await load();
  });

  return (
    <section className="card minor" data-testid="minor-panel">
      <h3>{t('subject.age')}</h3>
      {subject.minor && <p className="warning" data-testid="minor">{t('subject.minor')}</p>}
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {message && <p className="ok" role="status">{message}</p>}
      {!erased && (
        <form className="inline" onSubmit={saveAge}>
          <AgeFields form={age} onChange={setAge} />
          <button type="submit">{t('subject.saveAge')}</button>
        </form>
      )}
      {(subject.minor || links.length > 0) && (
        <>
          <h3>{t('subject.guardians')}</h3>
          {links.length === 0 ? <p className="muted">{t('subject.guardians.none')}</p> : (
            <ul className="guardians">
              {links.map((l) => (
                <li key={l.id} data-guardian={l.guardianId}>
                  <strong>{l.guardianName ?? '—'}</strong>{l.relationship && <> ({l.relationship})</>}{' '}
                  {l.endedAt ? <span className="muted">{t('subject.guardian.ended', { time: formatTime(l.endedAt, lang) })}</span>
                    : <button onClick={() => unlink(l)}>{t('subject.guardian.unlink')}</button>}
                </li>
              ))}
            </ul>
          )}
          {subject.minor && !erased && (
            <form className="inline" onSubmit={link} data-testid="link-guardian">
              <label>{t('subject.guardian.name')}<input required name="guardianName" value={guardian.name} onChange={(e) => setGuardian({ ...guardian, name: e.target.value })} /></label>
              <label>{t('subject.guardian.contact')}<input required type="email" name="guardianContact" value={guardian.contact} onChange={(e) => setGuardian({ ...guardian, contact: e.target.value })} /></label>
              <label>{t('subject.guardian.relationship')}<input name="guardianRelationship" value={guardian.relationship} onChange={(e) => setGuardian({ ...guardian, relationship: e.target.value })} /></label>
              <button className="primary" type="submit">{t('subject.guardian.link')}</button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
