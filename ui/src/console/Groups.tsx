import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../common/i18n';
import { formatTime } from '../common/api';
import { query, type ConsoleApi } from './consoleApi';
import { periodRequest } from './groupsForm';

export interface Group { id: string; name: string; description: string | null; members: number; sites: string[]; createdAt: string; updatedAt: string }
interface Membership {
  groupId: string; groupName: string; subjectId: string; subjectRef: string; displayName: string;
  validFrom: string | null; validUntil: string | null; addedAt: string; validNow: boolean;
}
interface SubjectHit { id: string; externalRef: string; displayName: string; erasedAt: string | null }

/** Groups of subjects: create, rename, delete; each group's members with their periods. */
export function Groups({ api }: { api: ConsoleApi }) {
  const { t } = useI18n();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [form, setForm] = useState({ name: '', description: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.get<Group[]>('/groups').then(setGroups).catch((e) => setError(e.message));
  useEffect(() => void load(), [api]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const g = await api.post<Group>('/groups', { name: form.name.trim(), description: form.description.trim() || null });
      setMessage(t('groups.created', { name: g.name }));
      setForm({ name: '', description: '' });
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <>
      <h2>{t('nav.groups')}</h2>
      <p className="muted">{t('groups.intro')}</p>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {groups && (groups.length === 0 ? <p>{t('groups.none')}</p> : (
        <table data-testid="groups-table">
          <thead><tr><th>{t('groups.name')}</th><th>{t('groups.members')}</th><th>{t('groups.sites')}</th></tr></thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <td><a href={`#/groups/${g.id}`} aria-label={t('groups.open', { name: g.name })}>{g.name}</a>{g.description && <div className="muted">{g.description}</div>}</td>
                <td>{g.members}</td>
                <td>{g.sites.length === 0 ? <span className="muted">{t('groups.noSites')}</span> : g.sites.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <form className="card" onSubmit={create}>
        <h3>{t('groups.new')}</h3>
        <label>{t('groups.name')}<input name="groupName" required maxLength={200} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>{t('groups.description')}<input name="groupDescription" maxLength={1000} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></label>
        <button className="primary" type="submit" disabled={form.name.trim() === ''}>{t('groups.create')}</button>
      </form>
    </>
  );
}

/** One group: rename or delete it, its members and their periods, add and remove members. */
export function GroupDetail({ api, id }: { api: ConsoleApi; id: string }) {
  const { t, lang } = useI18n();
  const [group, setGroup] = useState<Group | null>(null);
  const [members, setMembers] = useState<Membership[] | null>(null);
  const [name, setName] = useState('');
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SubjectHit[] | null>(null);
  const [picked, setPicked] = useState('');
  const [period, setPeriod] = useState({ from: '', until: '' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    Promise.all([api.get<Group>(`/groups/${id}`), api.get<Membership[]>(`/groups/${id}/members`)])
      .then(([g, m]) => { setGroup(g); setName(g.name); setMembers(m); })
      .catch((e) => setError(e.message));
  useEffect(() => void load(), [api, id]);

  const act = async (f: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await f();
      setMessage(done);
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const search = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const page = await api.get<{ items: SubjectHit[] }>(`/subjects${query({ q: q.trim(), size: 20 })}`);
      const live = page.items.filter((s) => !s.erasedAt);
      setHits(live);
      setPicked(live.length > 0 ? live[0].id : '');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    const who = hits?.find((h) => h.id === picked);
    if (!who) return;
    void act(() => api.put(`/groups/${id}/members/${who.id}`, periodRequest(period.from, period.until)),
      t('groups.member.added', { name: who.displayName }));
  };

  if (error && !group) return <p role="alert" className="error">{t('error', { detail: error })}</p>;
  if (!group || !members) return <p>{t('loading')}</p>;
  const describe = (m: Membership) =>
    !m.validFrom && !m.validUntil ? t('groups.member.always')
      : [m.validFrom && t('groups.member.from.short', { time: formatTime(m.validFrom, lang) }),
        m.validUntil && t('groups.member.until.short', { time: formatTime(m.validUntil, lang) })].filter(Boolean).join(' ');
  return (
    <>
      <p><a href="#/groups">← {t('groups.back')}</a></p>
      <h2>{t('groups.open', { name: group.name })}</h2>
      {group.description && <p className="muted">{group.description}</p>}
      <p className="muted">{t('groups.sites')}: {group.sites.length === 0 ? t('groups.noSites') : group.sites.join(', ')}</p>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {members.length === 0 ? <p>{t('groups.member.none')}</p> : (
        <table data-testid="members-table">
          <thead><tr><th>{t('groups.member.subject')}</th><th>{t('groups.member.period')}</th><th /></tr></thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.subjectId}>
                <td><a href={`#/subjects/${m.subjectId}`}>{m.displayName}</a> <span className="muted">{m.subjectRef}</span></td>
                <td>{describe(m)} · <span className={m.validNow ? 'ok' : 'muted'}>{t(m.validNow ? 'groups.member.validNow' : 'groups.member.notNow')}</span></td>
                <td><button onClick={() => void act(() => api.del(`/groups/${id}/members/${m.subjectId}`), t('groups.member.removed', { name: m.displayName }))}>
                  {t('groups.member.remove', { name: m.displayName })}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" onSubmit={search}>
        <h3>{t('groups.member.add')}</h3>
        <label>{t('groups.member.subject')}<input name="memberQuery" value={q} onChange={(e) => setQ(e.target.value)} /></label>
        <button type="submit" disabled={q.trim() === ''}>{t('groups.member.search')}</button>
      </form>
      {hits && (hits.length === 0 ? <p>{t('groups.member.noMatch', { q })}</p> : (
        <form className="card" onSubmit={add}>
          <label>{t('groups.member.pick')}
            <select name="memberPick" value={picked} onChange={(e) => setPicked(e.target.value)}>
              {hits.map((h) => <option key={h.id} value={h.id}>{h.displayName} ({h.externalRef})</option>)}
            </select>
          </label>
          <label>{t('groups.member.from')}<input type="datetime-local" name="memberFrom" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} /></label>
          <label>{t('groups.member.until')}<input type="datetime-local" name="memberUntil" value={period.until} onChange={(e) => setPeriod({ ...period, until: e.target.value })} /></label>
          <button className="primary" type="submit" disabled={!picked}>{t('groups.member.add')}</button>
        </form>
      ))}
      <form className="card" onSubmit={(e) => { e.preventDefault(); void act(() => api.put(`/groups/${id}`, { name: name.trim(), description: group.description }), t('groups.renamed', { name: name.trim() })); }}>
        <h3>{t('groups.rename')}</h3>
        <label>{t('groups.name')}<input name="groupRename" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <button type="submit" disabled={name.trim() === '' || name.trim() === group.name}>{t('groups.save')}</button>
      </form>
      <p>
        <button className="danger" onClick={() => {
          if (!window.confirm(t('groups.deleteConfirm', { name: group.name, count: group.members }))) return;
          setError(null);
          api.del(`/groups/${id}`).then(() => { window.location.hash = '#/groups'; }).catch((err) => setError((err as Error).message));
        }}>{t('groups.delete')}</button>
      </p>
    </>
  );
}
