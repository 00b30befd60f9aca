import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';

export interface StaffMember {
  id: string; name: string; email: string; role: 'tenant-admin' | 'guard' | 'auditor';
  status: 'INVITED' | 'ACTIVE' | 'DISABLED'; secondFactor: boolean; createdAt: string | null;
}

const ROLES = ['tenant-admin', 'guard', 'auditor'] as const;

/** Staff: invite admins, guards and auditors by e-mail; disable and re-enable them. */
export function Staff({ api, me }: { api: ConsoleApi; me: string }) {
  const { t, lang } = useI18n();
  const [staff, setStaff] = useState<StaffMember[] | null>(null);
  const [form, setForm] = useState({ name: '', email: '', role: 'guard' });
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = () => api.get<StaffMember[]>('/staff').then(setStaff).catch((e) => setError(e.message));
  useEffect(() => void load(), [api]);

  const act = async (work: () => Promise<string>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await work());
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const invite = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const s = await api.post<StaffMember>('/staff', { name: form.name.trim(), email: form.email.trim(), role: form.role });
      setForm({ ...form, name: '', email: '' });
      return t('staff.invited', { name: s.name, email: s.email });
    });
  };

  return (
    <>
      <h2>{t('nav.staff')}</h2>
      <p className="muted">{t('staff.intro')}</p>
      <div aria-live="polite">{message && <p className="ok">{message}</p>}</div>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {staff && (
        <table data-testid="staff-table">
          <thead><tr><th>{t('staff.name')}</th><th>{t('staff.email')}</th><th>{t('staff.role')}</th><th>{t('staff.status')}</th><th>{t('staff.secondFactor')}</th><th>{t('operator.createdAt')}</th><th /></tr></thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <td>{s.name} {s.email === me && <span className="muted">{t('staff.you')}</span>}</td>
                <td>{s.email}</td>
                <td>{t(`staff.role.${s.role}` as Key)}</td>
                <td>{t(`staff.status.${s.status}` as Key)}</td>
                <td>{s.secondFactor ? t('staff.yes') : t('staff.no')}</td>
                <td>{formatTime(s.createdAt, lang)}</td>
                <td>
                  {s.status === 'DISABLED' ? (
                    <button onClick={() => act(async () => { await api.post(`/staff/${s.id}/enable`); return t('staff.enabled', { name: s.name }); })}>{t('staff.enable')}</button>
                  ) : (
                    <>
                      {s.email !== me && (
                        <button onClick={() => act(async () => { await api.post(`/staff/${s.id}/disable`); return t('staff.disabled', { name: s.name }); })}>{t('staff.disable')}</button>
                      )}
                      {s.status === 'INVITED' && (
                        <button onClick={() => act(async () => { await api.post(`/staff/${s.id}/setup-mail`); return t('staff.resent', { email: s.email }); })}>{t('staff.resend')}</button>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" onSubmit={invite}>
        <h3>{t('staff.new')}</h3>
        <label>{t('staff.name')}<input name="staffName" required maxLength={100} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>{t('staff.email')}<input name="staffEmail" type="email" required maxLength={254} value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        <label>{t('staff.role')}
          <select name="staffRole" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`staff.role.${r}` as Key)}</option>)}
          </select>
        </label>
        <button className="primary" type="submit" disabled={form.name.trim() === '' || form.email.trim() === ''}>{t('staff.invite')}</button>
      </form>
    </>
  );
}
