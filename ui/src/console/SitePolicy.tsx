import { useEffect, useState, type FormEvent } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime, Problem, tenantFromPath } from '../common/api';
import type { ConsoleApi } from './consoleApi';
import type { Site } from './Sites';
import type { Calibration } from './Engine';
import { IdentificationChart, LivenessExpectation } from './OperatingCharts';
import { SiteRights } from './SiteRights';
import { cellFor, oneInN } from './operatingPoints';
import {
  CLAIM_TYPES, DAYS, FACE_METHODS, MAX_ATTEMPTS, OTHER_METHODS, fromView, hasFindings, isLocked, oneIn, purposesFor, serverErrors,
  toggleClaim, toggleMethod, toRequest, usesFace, validate,
  type Field, type Method, type PolicyForm, type PolicyView, type PurposeOption, type ServerErrors,
} from './policyForm';

/**
 * Where the public learns about the site's face processing: its public notice and the printable sign (English and
 * Chinese), served without sign-in. Only a site with a face method has them.
 */
function PublicNoticeLinks({ siteId, face }: { siteId: string; face: boolean }) {
  const { t } = useI18n();
  const tenant = tenantFromPath(window.location.pathname) ?? '';
  const page = `/public/${tenant}/sites/${siteId}`;
  return (
    <section className="card" aria-labelledby="public-notice" data-testid="public-notice">
      <h3 id="public-notice">{t('signage.title')}</h3>
      {face ? (
        <>
          <p className="muted">{t('signage.intro')}</p>
          <ul>
            {(['en', 'zh'] as const).map((l) => (
              <li key={l} lang={l}>
                {t(l === 'en' ? 'signage.english' : 'signage.chinese')}:{' '}
                {([['', 'signage.page'], ['/sign.pdf', 'signage.pdf'], ['/sign.png', 'signage.png']] as const).map(([suffix, label], i) => (
                  <span key={label}>
                    {i > 0 && ' · '}
                    <a href={`${page}${suffix}?lang=${l}`} target="_blank" rel="noopener" hrefLang={l}
                      aria-label={`${t(label)} — ${t(l === 'en' ? 'signage.english' : 'signage.chinese')}`}>{t(label)}</a>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('signage.noFace')}</p>
      )}
    </section>
  );
}

/** An error under a field: the element the field's aria-describedby points at. */
function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? <p id={id} className="error field-error" role="alert">{text}</p> : null;
}

/**
 * A site's access policy: which methods, how strict the face check is, when the site is open. The last method without
 * a face is aria-disabled rather than disabled, so it stays focusable and a click explains why it cannot be unticked
 * (the controlled checkbox simply stays ticked).
 */
export function SitePolicy({ api, siteId }: { api: ConsoleApi; siteId: string }) {
  const { t, lang } = useI18n();
  const [site, setSite] = useState<Site | null>(null);
  const [saved, setSaved] = useState<PolicyView | null>(null);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  const [purposes, setPurposes] = useState<PurposeOption[]>([]);
  /** Purposes switched off for want of an impact assessment: the server refuses a face method under them. */
  const [unassessed, setUnassessed] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [server, setServer] = useState<ServerErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<Method | null>(null);

  useEffect(() => {
    Promise.all([api.get<Site>(`/sites/${siteId}`), api.get<PolicyView>(`/sites/${siteId}/policy`)])
      .then(([s, p]) => { setSite(s); setSaved(p); setForm(fromView(p)); })
      .catch((e) => setError(e.message));
    api.get<Calibration>('/engine/calibration').then(setCalibration).catch(() => setCalibration(null));
    api.get<PurposeOption[]>('/purposes').then(setPurposes).catch(() => setPurposes([]));
    api.get<{ purpose: string; inForce: boolean }[]>('/assessments')
      .then((rows) => setUnassessed(new Set(rows.filter((r) => !r.inForce).map((r) => r.purpose))))
      .catch(() => setUnassessed(new Set()));
  }, [api, siteId]);

  if (error && !form) return <p role="alert" className="error">{t('error', { detail: error })}</p>;
  if (!form || !saved) return <p>{t('loading')}</p>;

  const fars = calibration ? calibration.thresholds.map((x) => x.far) : [saved.targetFar];
  const fpirs = calibration?.identification?.rates.map((r) => r.fpir) ?? [];
  const findings = validate(form, fars, fpirs);
  const shown = (f: Exclude<Field, 'form'>) => server[f] ?? (tried && findings.fields[f] ? t(findings.fields[f] as Key) : undefined);
  const describedBy = (f: Exclude<Field, 'form'>) => (shown(f) ? `err-${f}` : undefined);
  const face = usesFace(form);
  const update = (next: PolicyForm) => { setForm(next); setMessage(null); };

  const onMethod = (m: Method) => {
    if (isLocked(form, m)) { setBlocked(m); return; }
    setBlocked(null);
    update(toggleMethod(form, m));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setServer({});
    setMessage(null);
    if (hasFindings(findings)) return;
    try {
      const view = await api.put<PolicyView>(`/sites/${siteId}/policy`, toRequest(form));
      setSaved(view);
      setForm(fromView(view));
      setTried(false);
      setMessage(t('policy.saved', { time: formatTime(view.updatedAt, lang) }));
    } catch (err) {
      if (err instanceof Problem && err.status === 400) setServer(serverErrors(err));
      else setServer({ form: (err as Error).message });
    }
  };

  const method = (m: Method) => {
    const locked = isLocked(form, m);
    return (
      <label key={m} className="check">
        <input type="checkbox" name={`method-${m}`} checked={form.methods.includes(m)} aria-disabled={locked || undefined}
          onChange={() => onMethod(m)}
          aria-describedby={locked ? 'locked-note' : undefined} />
        <span>{t(`policy.method.${m}` as Key)}</span>
        {locked && <span className="lock" id="locked-note">{t('policy.lockedNote')}</span>}
      </label>
    );
  };

  /** The purpose a face method runs under: the gate checks consent to exactly this one. */
  const purposeChoice = (m: 'FACE_1_1' | 'FACE_1_N') => {
    const field = m === 'FACE_1_1' ? 'verificationPurpose' : 'identificationPurpose';
    const options = purposesFor(m, purposes);
    return (
      <>
        <label>{t(`policy.purpose.${m}` as Key)}
          <select name={field} value={form[field]} onChange={(e) => update({ ...form, [field]: e.target.value })}
            aria-invalid={!!shown(field)} aria-describedby={describedBy(field) ?? `hint-${field}`}>
            <option value="">{t('policy.purpose.choose')}</option>
            {options.map((p) => <option key={p.code} value={p.code}>{p.title} ({p.code}){unassessed.has(p.code) ? ` — ${t('policy.purpose.unassessed')}` : ''}</option>)}
          </select>
        </label>
        <p className="muted" id={`hint-${field}`}>{options.length === 0 ? t('policy.purpose.none') : t('policy.purpose.hint')}</p>
        {unassessed.has(form[field]) && <p className="warning">{t('policy.purpose.unassessedHint')} <a href="#/assessments">{t('nav.assessments')}</a></p>}
        <FieldError id={`err-${field}`} text={shown(field)} />
      </>
    );
  };

  const windowsChange = (i: number, w: Partial<PolicyForm['openingHours'][number]>) =>
    update({ ...form, openingHours: form.openingHours.map((x, j) => (j === i ? { ...x, ...w } : x)) });

  return (
    <>
      <p><a href="#/sites">← {t('nav.sites')}</a> · <a href={`#/devices?site=${siteId}`}>{t('nav.devices')}</a></p>
      <h2>{t('policy.title', { site: site?.name ?? '' })}</h2>
      <p className="muted">{t('policy.intro')}</p>
      {site?.privateSpace && <p className="warning" data-testid="private-space">{t('policy.privateSpace', { category: t(`sites.category.${site.category}` as Key) })}</p>}
      <PublicNoticeLinks siteId={siteId} face={saved.methods.some((m) => m === 'FACE_1_1' || m === 'FACE_1_N')} />
      <form className="card policy" onSubmit={save} noValidate aria-describedby={server.form ? 'err-form' : undefined}>
        <FieldError id="err-form" text={server.form} />
        <fieldset aria-describedby={describedBy('methods')}>
          <legend>{t('policy.methods')}</legend>
          <div className="methods">
            <div>
              <h4>{t('policy.withoutFace')}</h4>
              {OTHER_METHODS.map(method)}
            </div>
            <div>
              <h4>{t('policy.withFace')}</h4>
              {FACE_METHODS.map(method)}
            </div>
          </div>
          <p className="muted">{t('policy.alwaysAlternative')}</p>
          <div aria-live="polite">{blocked && <p className="warning">{t('policy.cannotUntick', { method: t(`policy.method.${blocked}` as Key) })}</p>}</div>
          <FieldError id="err-methods" text={shown('methods')} />
        </fieldset>

        {(saved.methods.includes('FACE_1_1') && !saved.verificationPurpose) || (saved.methods.includes('FACE_1_N') && !saved.identificationPurpose)
          ? <p className="warning" data-testid="purpose-not-set">{t('policy.purpose.notSet')}</p> : null}
        {face && (
          <fieldset>
            <legend>{t('policy.faceSettings')}</legend>
            {form.methods.includes('FACE_1_1') && purposeChoice('FACE_1_1')}
            {form.methods.includes('FACE_1_N') && purposeChoice('FACE_1_N')}
            {form.methods.includes('FACE_1_1') && (
              <fieldset className="inner" aria-describedby={describedBy('faceClaimTypes')}>
                <legend>{t('policy.claims')}</legend>
                {CLAIM_TYPES.map((c) => (
                  <label key={c} className="check">
                    <input type="checkbox" name={`claim-${c}`} checked={form.faceClaimTypes.includes(c)} onChange={() => update(toggleClaim(form, c))} />
                    <span>{t(`policy.claim.${c}` as Key)}</span>
                  </label>
                ))}
                <FieldError id="err-faceClaimTypes" text={shown('faceClaimTypes')} />
              </fieldset>
            )}
            <label className="check">
              <input type="checkbox" name="livenessRequired" checked={form.livenessRequired} onChange={() => update({ ...form, livenessRequired: !form.livenessRequired })} />
              <span>{t('policy.livenessRequired')}</span>
            </label>
            <label>{t('policy.livenessThreshold')}
              <input name="livenessThreshold" type="number" inputMode="decimal" min={0} max={1} step={0.05} disabled={!form.livenessRequired}
                value={form.livenessThreshold} onChange={(e) => update({ ...form, livenessThreshold: e.target.value })}
                aria-invalid={!!shown('livenessThreshold')} aria-describedby={describedBy('livenessThreshold') ?? 'hint-liveness'} />
            </label>
            <p className="muted" id="hint-liveness">{t('policy.livenessHint', { threshold: calibration?.livenessThreshold ?? 0.5 })}</p>
            {form.livenessRequired && calibration?.liveness && (
              <LivenessExpectation liveness={calibration.liveness} threshold={Number(form.livenessThreshold)} />
            )}
            <FieldError id="err-livenessThreshold" text={shown('livenessThreshold')} />
            <label>{t('policy.targetFar')}
              <select name="targetFar" value={String(form.targetFar)} onChange={(e) => update({ ...form, targetFar: Number(e.target.value) })}
                aria-invalid={!!shown('targetFar')} aria-describedby={describedBy('targetFar') ?? 'hint-far'}>
                {(calibration?.thresholds ?? [{ far: saved.targetFar, threshold: saved.matchThreshold }]).map((x) => {
                  const provisional = calibration?.chart?.atFar.find((a) => a.far === x.far)?.resolvable === false;
                  return (
                    <option key={x.far} value={String(x.far)}>
                      {t('policy.farOption', { n: oneIn(x.far, lang), threshold: x.threshold.toFixed(4) })}
                      {calibration?.defaultFar === x.far ? ` — ${t('policy.farDefault')}` : ''}
                      {provisional ? ` — ${t('policy.farProvisional')}` : ''}
                    </option>
                  );
                })}
              </select>
            </label>
            <p className="muted" id="hint-far">{t('policy.farHint', { pack: saved.modelPack })} <a href="#/engine">{t('policy.seeChart')}</a></p>
            <FieldError id="err-targetFar" text={shown('targetFar')} />
            {form.methods.includes('FACE_1_N') && (
              <fieldset className="inner" data-testid="identification-settings">
                <legend>{t('policy.identification')}</legend>
                <label>{t('policy.targetFpir')}
                  <select name="targetFpir" value={String(form.targetFpir)} onChange={(e) => update({ ...form, targetFpir: Number(e.target.value) })}
                    aria-invalid={!!shown('targetFpir')} aria-describedby={describedBy('targetFpir') ?? 'hint-fpir'}>
                    {(fpirs.length > 0 ? fpirs : [form.targetFpir]).map((fpir) => {
                      const rate = calibration?.identification?.rates.find((r) => r.fpir === fpir);
                      return (
                        <option key={fpir} value={String(fpir)}>
                          {t('policy.fpirOption', { n: oneInN(fpir, lang), largest: (rate?.largestGallerySize ?? 0).toLocaleString('en-GB') })}
                        </option>
                      );
                    })}
                  </select>
                </label>
                <p className="muted" id="hint-fpir">{t('policy.fpirHint')}</p>
                <FieldError id="err-targetFpir" text={shown('targetFpir')} />
                <label>{t('policy.maxFnir')}
                  <input name="maxFnir" type="number" inputMode="decimal" min={0} max={1} step={0.01} placeholder={String(calibration?.identification?.fnirCeiling ?? '')}
                    value={form.maxFnir} onChange={(e) => update({ ...form, maxFnir: e.target.value })}
                    aria-invalid={!!shown('maxFnir')} aria-describedby={describedBy('maxFnir')} />
                </label>
                <FieldError id="err-maxFnir" text={shown('maxFnir')} />
                <IdentificationOutlookPanel saved={saved} formFpir={form.targetFpir} calibration={calibration} />
              </fieldset>
            )}
            <label>{t('policy.attempts')}
              <input name="faceAttemptsBeforeFallback" type="number" inputMode="numeric" min={1} max={MAX_ATTEMPTS} step={1}
                value={form.faceAttemptsBeforeFallback} onChange={(e) => update({ ...form, faceAttemptsBeforeFallback: e.target.value })}
                aria-invalid={!!shown('faceAttemptsBeforeFallback')} aria-describedby={describedBy('faceAttemptsBeforeFallback')} />
            </label>
            <FieldError id="err-faceAttemptsBeforeFallback" text={shown('faceAttemptsBeforeFallback')} />
          </fieldset>
        )}

        <fieldset aria-describedby={describedBy('openingHours')}>
          <legend>{t('policy.openingHours')}</legend>
          <p className="muted">{form.openingHours.length === 0 ? t('policy.alwaysOpen') : t('policy.hoursIn', { zone: site?.timeZone ?? '' })}</p>
          {form.openingHours.map((w, i) => {
            const problem = tried && findings.windows[i] ? t(findings.windows[i]) : undefined;
            return (
              <fieldset key={i} className="inner window" aria-describedby={problem ? `err-window-${i}` : undefined}>
                <legend>{t('policy.window', { n: i + 1 })}</legend>
                <div className="days">
                  {DAYS.map((d) => (
                    <label key={d} className="check">
                      <input type="checkbox" checked={w.days.includes(d)}
                        onChange={() => windowsChange(i, { days: DAYS.filter((x) => (x === d ? !w.days.includes(d) : w.days.includes(x))) })} />
                      <span>{t(`day.${d}` as Key)}</span>
                    </label>
                  ))}
                </div>
                <div className="times">
                  <label>{t('policy.from')}<input type="time" value={w.from} onChange={(e) => windowsChange(i, { from: e.target.value })} /></label>
                  <label>{t('policy.to')}<input type="time" value={w.to} onChange={(e) => windowsChange(i, { to: e.target.value })} /></label>
                  <button type="button" onClick={() => update({ ...form, openingHours: form.openingHours.filter((_, j) => j !== i) })}>
                    {t('policy.removeWindow', { n: i + 1 })}
                  </button>
                </div>
                <FieldError id={`err-window-${i}`} text={problem} />
              </fieldset>
            );
          })}
          <button type="button" onClick={() => update({ ...form, openingHours: [...form.openingHours, { days: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], from: '08:00', to: '18:00' }] })}>
            {t('policy.addWindow')}
          </button>
          <FieldError id="err-openingHours" text={shown('openingHours')} />
        </fieldset>

        <div className="actions">
          <button className="primary" type="submit">{t('policy.save')}</button>
          <button type="button" onClick={() => { setForm(fromView(saved)); setServer({}); setTried(false); setBlocked(null); }}>{t('policy.reset')}</button>
        </div>
        {tried && hasFindings(findings) && <p className="error" role="alert">{t('policy.fixFirst')}</p>}
        <div aria-live="polite" data-testid="policy-status">{message && <p className="ok">{message}</p>}</div>
        <p className="muted">{t('policy.current', { threshold: saved.matchThreshold.toFixed(4), pack: saved.modelPack, time: formatTime(saved.updatedAt, lang) })}</p>
      </form>
      <SiteRights api={api} siteId={siteId} />
    </>
  );
}

/**
 * What 1:N identification can promise for the tenant's gallery as it is now: from the saved policy's outlook (the
 * api counts the gallery), re-read at the rate being chosen from the pack's calibrated cells.
 */
function IdentificationOutlookPanel({ saved, formFpir, calibration }: { saved: PolicyView; formFpir: number; calibration: Calibration | null }) {
  const { t } = useI18n();
  const rate = calibration?.identification?.rates.find((r) => r.fpir === formFpir);
  const gallerySize = saved.identification?.gallerySize ?? 0;
  const ceiling = calibration?.identification?.fnirCeiling ?? saved.identification?.fnirCeiling ?? 0.1;
  const cell = rate ? cellFor(rate.cells.filter((c) => !c.provisional && c.expectedFnir <= ceiling), gallerySize) : undefined;
  const outlook = saved.identification && saved.identification.targetFpir === formFpir ? saved.identification : null;
  const meetable = outlook ? outlook.meetable : cell !== undefined;
  const fnir = outlook?.expectedFnir ?? cell?.expectedFnir;
  return (
    <div className="outlook" data-testid="identification-outlook" aria-live="polite">
      {meetable ? (
        <p className="ok">{t('policy.outlookOk', { n: gallerySize, fnir: fnir === undefined || fnir === null ? '—' : `${Number((fnir * 100).toPrecision(3))} %`,
          largest: (rate?.largestGallerySize ?? outlook?.largestGallerySize ?? 0).toLocaleString('en-GB') })}</p>
      ) : (
        <p className="warning" role="alert">{t('policy.outlookTooLarge', { n: gallerySize,
          largest: (rate?.largestGallerySize ?? outlook?.largestGallerySize ?? 0).toLocaleString('en-GB') })}</p>
      )}
      {rate && <IdentificationChart fpir={formFpir} cells={rate.cells} ceiling={ceiling} gallerySize={gallerySize} />}
    </div>
  );
}

