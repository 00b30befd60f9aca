import { useEffect, useState } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { Problem } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import { DAYS } from './policyForm';
import {
  addException, addGroup, fromView, removeException, removeGroup, serverFindings, setException, setGroup, toggleDay, toRequest, validate,
  type Finding, type GroupOption, type RightsForm, type RightsView,
} from './rightsForm';

/**
 * Who may enter the site and when: open to everyone (no group listed), or only the listed groups at their weekly
 * hours, with dated exceptions. Shown on the site's page under its policy.
 */
export function SiteRights({ api, siteId }: { api: ConsoleApi; siteId: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<RightsView | null>(null);
  const [form, setForm] = useState<RightsForm | null>(null);
  const [groups, setGroups] = useState<GroupOption[]>([]);
  const [choice, setChoice] = useState('');
  const [newDate, setNewDate] = useState('');
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<Finding[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<RightsView>(`/sites/${siteId}/rights`).then((v) => { setView(v); setForm(fromView(v)); }).catch((e) => setError(e.message));
    api.get<GroupOption[]>('/groups').then(setGroups).catch(() => setGroups([]));
  }, [api, siteId]);

  if (error && !form) return <p role="alert" className="error">{t('error', { detail: error })}</p>;
  if (!form || !view) return <p>{t('loading')}</p>;
  const findings = validate(form);
  const shown = [...(tried ? findings : []), ...server];
  const errorOf = (prefix: string) => shown.filter((f) => f.field === prefix || f.field.startsWith(`${prefix}.`) || f.field.startsWith(`${prefix}[`))
    .map((f) => (f.key ? t(f.key as Key, f.vars) : String(f.vars?.message ?? ''))).join(' ');
  const nameOf = (id: string) => groups.find((g) => g.id === id)?.name ?? view.groups.find((g) => g.groupId === id)?.groupName ?? id;
  const update = (next: RightsForm) => { setForm(next); setMessage(null); setServer([]); };
  const unused = groups.filter((g) => !form.groups.some((r) => r.groupId === g.id));

  const save = async (next: RightsForm = form) => {
    setTried(true);
    setServer([]);
    setMessage(null);
    if (validate(next).length > 0) return;
    try {
      const saved = await api.put<RightsView>(`/sites/${siteId}/rights`, toRequest(next));
      setView(saved);
      setForm(fromView(saved));
      setTried(false);
      setMessage('rights.saved'); // a key: the sentence follows a later change of language
    } catch (err) {
      setServer(err instanceof Problem ? serverFindings(err) : [{ field: 'form', key: '', vars: { message: (err as Error).message } }]);
    }
  };

  return (
    <section className="card" aria-labelledby="rights-title" data-testid="site-rights">
      <h3 id="rights-title">{t('rights.title')}</h3>
      <p data-testid="rights-state" className={view.restricted ? 'warning' : 'ok'}>
        {view.restricted ? t('rights.restricted', { zone: view.timeZone }) : t('rights.open')}
      </p>
      {form.groups.map((g, i) => (
        <fieldset key={g.groupId || i} data-group={nameOf(g.groupId)}>
          <legend>{nameOf(g.groupId)}</legend>
          {g.weekly.length === 0 && <p className="muted">{t('rights.anyTime')}</p>}
          {g.weekly.map((w, j) => (
            <fieldset key={j} className="inner window">
              <legend>{t('rights.window', { n: j + 1, name: nameOf(g.groupId) })}</legend>
              <div className="days">
                {DAYS.map((d) => (
                  <label key={d} className="check">
                    <input type="checkbox" checked={w.days.includes(d)}
                      onChange={() => update(setGroup(form, i, { ...g, weekly: g.weekly.map((x, k) => (k === j ? toggleDay(x, d) : x)) }))} />
                    <span>{t(`day.${d}` as Key)}</span>
                  </label>
                ))}
              </div>
              <div className="times">
                <label>{t('rights.from')}<input type="time" value={w.from} name={`from-${i}-${j}`}
                  onChange={(e) => update(setGroup(form, i, { ...g, weekly: g.weekly.map((x, k) => (k === j ? { ...x, from: e.target.value } : x)) }))} /></label>
                <label>{t('rights.to')}<input type="time" value={w.to} name={`to-${i}-${j}`}
                  onChange={(e) => update(setGroup(form, i, { ...g, weekly: g.weekly.map((x, k) => (k === j ? { ...x, to: e.target.value } : x)) }))} /></label>
                <button type="button" onClick={() => update(setGroup(form, i, { ...g, weekly: g.weekly.filter((_, k) => k !== j) }))}>{t('rights.removeWindow')}</button>
              </div>
            </fieldset>
          ))}
          {errorOf(`groups[${i}]`) && <p className="error field-error" role="alert">{errorOf(`groups[${i}]`)}</p>}
          <button type="button" onClick={() => update(setGroup(form, i, { ...g, weekly: [...g.weekly, { days: ['SATURDAY'], from: '09:00', to: '12:00' }] }))}>{t('rights.addWindow')}</button>
          <button type="button" onClick={() => update(removeGroup(form, i))}>{t('rights.removeGroup', { name: nameOf(g.groupId) })}</button>
        </fieldset>
      ))}
      {groups.length === 0 ? <p className="muted">{t('rights.noGroups')}</p> : unused.length > 0 && (
        <div className="times">
          <label>{t('rights.chooseGroup')}
            <select name="rightsGroup" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="" />
              {unused.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </label>
          <button type="button" disabled={!choice} onClick={() => { update(addGroup(form, choice)); setChoice(''); }}>{t('rights.addGroup')}</button>
        </div>
      )}
      <h4>{t('rights.exceptions')}</h4>
      <p className="muted">{t('rights.exceptionsHint')}</p>
      {form.exceptions.length === 0 && <p>{t('rights.noExceptions')}</p>}
      {form.exceptions.map((e, i) => (
        <fieldset key={`${e.date}-${i}`} className="inner exception">
          <legend>{e.date}</legend>
          <div className="times">
            <label className="check"><input type="checkbox" checked={e.closed}
              onChange={() => update(setException(form, i, { ...e, closed: !e.closed, hours: e.closed && e.hours.length === 0 ? [{ from: '09:00', to: '12:00' }] : e.hours }))} />
              <span>{t('rights.closedAllDay')}</span></label>
            {!e.closed && e.hours.map((h, j) => (
              <span key={j} className="times">
                <label>{t('rights.from')}<input type="time" value={h.from}
                  onChange={(ev) => update(setException(form, i, { ...e, hours: e.hours.map((x, k) => (k === j ? { ...x, from: ev.target.value } : x)) }))} /></label>
                <label>{t('rights.to')}<input type="time" value={h.to}
                  onChange={(ev) => update(setException(form, i, { ...e, hours: e.hours.map((x, k) => (k === j ? { ...x, to: ev.target.value } : x)) }))} /></label>
              </span>
            ))}
            <label>{t('rights.note')}<input value={e.note} maxLength={200} onChange={(ev) => update(setException(form, i, { ...e, note: ev.target.value }))} /></label>
            <button type="button" onClick={() => update(removeException(form, i))}>{t('rights.removeException', { date: e.date })}</button>
          </div>
          {errorOf(`exceptions[${i}]`) && <p className="error field-error" role="alert">{errorOf(`exceptions[${i}]`)}</p>}
        </fieldset>
      ))}
      <div className="times">
        <label>{t('rights.date')}<input type="date" name="exceptionDate" value={newDate} onChange={(e) => setNewDate(e.target.value)} /></label>
        <button type="button" disabled={!newDate} onClick={() => { update(addException(form, newDate)); setNewDate(''); }}>{t('rights.addException')}</button>
      </div>
      {errorOf('form') && <p className="error" role="alert">{errorOf('form')}</p>}
      <div aria-live="polite">{message && <p className="ok">{t(message as Key)}</p>}</div>
      <button className="primary" type="button" onClick={() => void save()}>{t('rights.save')}</button>
      {view.restricted && <button type="button" onClick={() => void save({ groups: [], exceptions: form.exceptions })}>{t('rights.openAgain')}</button>}
    </section>
  );
}
