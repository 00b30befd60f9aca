import { useState, type FormEvent } from 'react';
import { LanguageSwitch, useI18n } from '../common/i18n';
import { call } from '../common/api';

/** The tenant in /setup/{tenant}. */
export function setupTenant(pathname: string): string | null {
  const m = /^\/setup\/([a-z0-9][a-z0-9-]*)\/?$/.exec(pathname);
  return m ? m[1] : null;
}

/** The token in #token=… (a fragment never reaches a server log). */
export function setupToken(hash: string): string | null {
  const m = /^#token=([A-Za-z0-9_-]{43})$/.exec(hash);
  return m ? m[1] : null;
}

/** A staff member's setup page: choose a password with the one-time link, then sign in to the console. */
export function SetupApp() {
  const { t } = useI18n();
  const tenant = setupTenant(window.location.pathname);
  const token = setupToken(window.location.hash);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ signIn: string; secondFactorNext: boolean } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (password !== repeat) {
      setError(t('setup.mismatch'));
      return;
    }
    try {
      setDone(await call<{ signIn: string; secondFactorNext: boolean }>(`/api/v1/staff-setup/${tenant}/password`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password }),
      }));
      // the link is spent: keep it out of the history
      window.history.replaceState(null, '', window.location.pathname);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div className="page console">
      <header className="bar"><h1>{t('setup.title')}</h1><LanguageSwitch /></header>
      <main className="signin">
        {!tenant || (!token && !done) ? <p>{t('setup.noLink')}</p> : done ? (
          <>
            <p className="ok">{t('setup.done')}</p>
            {done.secondFactorNext && <p>{t('setup.totpNext')}</p>}
            <a className="button primary" href={done.signIn}>{t('setup.signIn')}</a>
          </>
        ) : (
          <form className="card" onSubmit={submit}>
            <p>{t('setup.intro')}</p>
            {error && <p role="alert" className="error">{error}</p>}
            <label>{t('setup.password')}<input name="password" type="password" autoComplete="new-password" required minLength={10} maxLength={128} value={password} onChange={(e) => setPassword(e.target.value)} /></label>
            <label>{t('setup.repeat')}<input name="repeat" type="password" autoComplete="new-password" required minLength={10} maxLength={128} value={repeat} onChange={(e) => setRepeat(e.target.value)} /></label>
            <button className="primary" type="submit">{t('setup.submit')}</button>
          </form>
        )}
      </main>
    </div>
  );
}
