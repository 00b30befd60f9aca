import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import { query, type ConsoleApi } from './consoleApi';
import { AgeFields, MinorPanel } from './Guardians';
import { ageBody, ageProblem, todayIso, type AgeForm } from './ageForm';

interface Reenrolment { packId: string; stalePackId: string; reason: string; flaggedAt: string }
interface Subject {
  id: string; externalRef: string; displayName: string; contact: string | null; contactVerifiedAt?: string | null;
  createdAt: string; erasedAt: string | null; reenrolment?: Reenrolment | null;
  birthDate?: string | null; ageBand?: 'MINOR' | 'ADULT' | null; minor?: boolean;
}
interface TemplateInfo { id: string; modelPack: string; quality: number; createdAt: string; photoKept: boolean; current: boolean }
interface DataExport { id: string; createdAt: string; expiresAt: string; available: boolean }
interface Page { items: Subject[]; page: number; size: number; total: number }
interface Purpose { code: string; title: string }
const STATES = ['GRANTED', 'NEEDS_RECONSENT', 'REFUSED', 'WITHDRAWN', 'EXPIRED', 'NONE'];

export function Subjects({ api }: { api: ConsoleApi }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [purpose, setPurpose] = useState('');
  const [state, setState] = useState('');
  const [page, setPage] = useState(0);
  const [data, setData] = useState<Page | null>(null);
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ externalRef: '', displayName: '', contact: '' });
  const [age, setAge] = useState<AgeForm>({ birthDate: '', ageBand: '' });

  useEffect(() => void api.get<Purpose[]>('/purposes').then(setPurposes).catch(() => undefined), [api]);
  const load = () =>
    api.get<Page>(`/subjects${query({ q, purpose, state: purpose ? state : '', page, size: 20 })}`).then(setData).catch((e) => setError(e.message));
  useEffect(() => void load(), [q, purpose, state, page]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const problem = ageProblem(age, todayIso());
    if (problem) return setError(t(problem));
    try {
      const s = await api.post<Subject>('/subjects', { ...form, contact: form.contact || null, ...ageBody(age) });
      window.location.hash = `#/subjects/${s.id}`;
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <>
      <h2>{t('nav.subjects')}</h2>
      <div className="filters">
        <label>{t('subjects.search')}<input type="search" value={q} onChange={(e) => { setPage(0); setQ(e.target.value); }} /></label>
        <label>{t('subjects.filterPurpose')}
          <select value={purpose} onChange={(e) => { setPage(0); setPurpose(e.target.value); }}>
            <option value="">{t('subjects.any')}</option>
            {purposes.map((p) => <option key={p.code} value={p.code}>{p.title}</option>)}
          </select>
        </label>
        <label>{t('subjects.filterState')}
          <select value={state} disabled={!purpose} onChange={(e) => { setPage(0); setState(e.target.value); }}>
            <option value="">{t('subjects.any')}</option>
            {STATES.map((s) => <option key={s} value={s}>{t(`portal.state.${s}` as Key)}</option>)}
          </select>
        </label>
      </div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {data && (
        <>
          <p className="muted">{t('subjects.total', { total: data.total })}</p>
          {data.items.length === 0 ? <p>{t('subjects.none')}</p> : (
            <table>
              <thead><tr><th>{t('subjects.displayName')}</th><th>{t('subjects.externalRef')}</th><th>{t('audit.time')}</th></tr></thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id}>
                    <td><a href={`#/subjects/${s.id}`}>{s.displayName}</a>{s.minor && <> <span className="badge">{t('subjects.minorBadge')}</span></>}</td>
                    <td>{s.externalRef}</td>
                    <td>{s.erasedAt ? '—' : new Date(s.createdAt).toLocaleDateString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="pager">
            <button disabled={page === 0} onClick={() => setPage(page - 1)}>{t('common.prev')}</button>
            <button disabled={(page + 1) * data.size >= data.total} onClick={() => setPage(page + 1)}>{t('common.next')}</button>
          </div>
        </>
      )}
      <form className="card" onSubmit={create}>
        <h3>{t('subjects.new')}</h3>
        <label>{t('subjects.externalRef')}<input required name="externalRef" value={form.externalRef} onChange={(e) => setForm({ ...form, externalRef: e.target.value })} /></label>
        <label>{t('subjects.displayName')}<input required name="displayName" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} /></label>
        <label>{t('subjects.contact')}<input type="email" name="contact" value={form.contact} onChange={(e) => setForm({ ...form, contact: e.target.value })} /></label>
        <AgeFields form={age} onChange={setAge} />
        <button className="primary" type="submit">{t('subjects.create')}</button>
      </form>
    </>
  );
}

interface Current { code: string; title: string; state: string; since: string | null; expiresAt: string | null }
interface Consents { consents: Current[]; templates: number; retainedImages: number }
interface Event { id: string; purpose: string; event: string; occurredAt: string; channel: string; method: string }
/** What an admin learns of an invitation: where it went (masked) and until when, never a token that opens the portal. */
interface Invitation {
  id: string; channel: 'EMAIL' | 'LETTER'; sentTo: string; contactVerified: boolean; expiresAt: string;
  letter: { link: string; qrPngBase64: string; note: string } | null;
}

export function SubjectDetail({ api, id }: { api: ConsoleApi; id: string }) {
  const { t, lang } = useI18n();
  const [subject, setSubject] = useState<Subject | null>(null);
  const [consents, setConsents] = useState<Consents | null>(null);
  const [events, setEvents] = useState<Event[]>([]);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [exported, setExported] = useState<DataExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () =>
    Promise.all([
      api.get<Subject>(`/subjects/${id}`).then(setSubject),
      api.get<Consents>(`/subjects/${id}/consents`).then(setConsents),
      api.get<TemplateInfo[]>(`/subjects/${id}/templates`).then(setTemplates),
      api.get<{ items: Event[] }>(`/consent-events${query({ subject: id, size: 200 })}`).then((p) => setEvents(p.items)),
    ]).catch((e) => setError(e.message));
  useEffect(() => void load(), [id]);

  const [contact, setContact] = useState('');
  const [contactMessage, setContactMessage] = useState<string | null>(null);

  const invite = async (channel: 'EMAIL' | 'LETTER') => {
    setError(null);
    try {
      setInvitation(await api.post<Invitation>(`/subjects/${id}/invitations`, { channel }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  /** Audited; the previous address is told, and the new one is unverified until the subject uses something sent there. */
  const changeContact = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await api.put<Subject>(`/subjects/${id}/contact`, { contact });
      setSubject(s);
      setContact('');
      setContactMessage(t('subject.contactChanged'));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const erase = async () => {
    if (!window.confirm(t('subject.eraseConfirm'))) return;
    try {
      await api.del(`/subjects/${id}`);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  /** A data-subject export for a request made offline: prepared by the api, saved as a file for the subject. */
  const exportData = async () => {
    try {
      const e = await api.post<DataExport>(`/subjects/${id}/exports`);
      const res = await api.raw(`/subjects/${id}/exports/${e.id}`);
      if (!res.ok) throw new Error(res.statusText);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `subject-data-${e.id}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setExported(e);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!subject) return <p>{error ? t('error', { detail: error }) : t('loading')}</p>;
  return (
    <>
      <h2>{subject.displayName} <small>{subject.externalRef}</small></h2>
      {subject.erasedAt && <p className="error">{t('subject.erased', { time: formatTime(subject.erasedAt, lang) })}</p>}
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      <div className="actions">
        <button className="primary" disabled={!!subject.erasedAt || !subject.contact} onClick={() => invite('EMAIL')}>{t('subject.invite')}</button>
        <button disabled={!!subject.erasedAt || !subject.contact} onClick={() => invite('LETTER')}>{t('subject.inviteLetter')}</button>
        <button disabled={!!subject.erasedAt} onClick={exportData}>{t('subject.export')}</button>
        <button className="danger" disabled={!!subject.erasedAt} onClick={erase}>{t('subject.erase')}</button>
      </div>
      {exported && <p className="ok" role="status">{t('subject.exported', { time: formatTime(exported.expiresAt, lang) })}</p>}
      {subject.reenrolment && (
        <p className="warning" data-testid="reenrolment">
          {t('subject.reenrolment', { pack: subject.reenrolment.packId, reason: subject.reenrolment.reason })}
        </p>
      )}
      <p className="muted" data-testid="contact">
        {subject.contact
          ? t(subject.contactVerifiedAt ? 'subject.contactVerified' : 'subject.contactUnverified', { contact: subject.contact })
          : t('subject.noContact')}
      </p>
      {invitation && (
        <div className="card invitation" data-testid="invitation-sent">
          <p className="ok" role="status">
            {t(invitation.channel === 'EMAIL' ? 'subject.invitationMailed' : 'subject.letterReady',
              { to: invitation.sentTo, time: formatTime(invitation.expiresAt, lang) })}
          </p>
          {!invitation.contactVerified && <p className="warning">{t('subject.inviteUnverified')}</p>}
          {invitation.letter && (
            <>
              <p>{invitation.letter.note}</p>
              <p><input readOnly className="link" aria-label={t('subject.letterLink')} value={invitation.letter.link} onFocus={(e) => e.target.select()} /></p>
              <img src={`data:image/png;base64,${invitation.letter.qrPngBase64}`} alt={t('subject.qr')} width={200} height={200} />
            </>
          )}
        </div>
      )}
      {!subject.erasedAt && (
        <form className="card inline" onSubmit={changeContact}>
          <label>{t('subject.changeContact')}
            <input type="email" required name="newContact" value={contact} onChange={(e) => setContact(e.target.value)} />
          </label>
          <button type="submit">{t('subject.saveContact')}</button>
          <p className="muted">{t('subject.contactChangeNote')}</p>
          {contactMessage && <p className="ok" role="status">{contactMessage}</p>}
        </form>
      )}
      <MinorPanel key={`${subject.birthDate}-${subject.ageBand}-${subject.minor}`} api={api} id={id} subject={subject}
        erased={!!subject.erasedAt} onChanged={() => void load()} />
      <h3>{t('subject.consents')}</h3>
      {consents && (
        <>
          <ul className="consents">
            {consents.consents.map((c) => (
              <li key={c.code} data-purpose={c.code}><strong>{c.title}</strong>: <span className={`state state-${c.state}`}>{t(`portal.state.${c.state}` as Key)}</span></li>
            ))}
          </ul>
          <p data-testid="templates">{t('subject.templates', { count: consents.templates, images: consents.retainedImages })}</p>
        </>
      )}
      {templates.length > 0 && (
        <table className="templates">
          <thead>
            <tr><th>{t('subject.template.pack')}</th><th>{t('subject.template.quality')}</th><th>{t('subject.template.created')}</th><th>{t('subject.template.photo')}</th></tr>
          </thead>
          <tbody>
            {templates.map((tp) => (
              <tr key={tp.id}>
                <td>{tp.modelPack}{!tp.current && <> <span className="muted">{t('subject.template.stale')}</span></>}</td>
                <td>{tp.quality.toFixed(2)}</td>
                <td>{formatTime(tp.createdAt, lang)}</td>
                <td>{tp.photoKept ? t('subject.template.photoKept') : t('subject.template.photoNotKept')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('subject.timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id}><time>{formatTime(e.occurredAt, lang)}</time> <strong>{e.purpose}</strong> <span className="event">{e.event}</span> <span className="muted">{e.channel}</span></li>
        ))}
      </ol>
    </>
  );
}
