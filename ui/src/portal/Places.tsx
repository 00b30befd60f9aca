import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import { describeWeekly } from '../console/rightsForm';
import type { Day } from '../console/policyForm';
import type { Place } from './portalApi';

/** Where the subject may go and when: their own groups' sites only, nothing about anybody else. */
export function Places({ places, tenant }: { places: Place[]; tenant: string }) {
  const { t, lang } = useI18n();
  const day = (d: Day) => t(`day.${d}` as Key);
  const hhmm = (s: string) => s.slice(0, 5);
  return (
    <section className="card" aria-labelledby="places-title" data-testid="places">
      <h2 id="places-title">{t('portal.places.title')}</h2>
      <p className="muted">{t('portal.places.intro', { tenant })}</p>
      {places.length === 0 ? <p>{t('portal.places.none')}</p> : (
        <ul>
          {places.map((p) => (
            <li key={p.siteId} data-site={p.siteName}>
              <strong>{p.siteName}</strong> <span className="muted">({p.timeZone})</span>
              {!p.restricted ? <> — {t('portal.places.open')}</> : (
                <ul>
                  {p.via.map((v, i) => (
                    <li key={i}>
                      {t('portal.places.via', { group: v.group, when: describeWeekly(v.weekly as { days: Day[]; from: string; to: string }[], day, t('rights.anyTime')) })}
                      {(v.validFrom || v.validUntil) && (
                        <div className="muted">{t('portal.places.period', { period: [v.validFrom && t('groups.member.from.short', { time: formatTime(v.validFrom, lang) }),
                          v.validUntil && t('groups.member.until.short', { time: formatTime(v.validUntil, lang) })].filter(Boolean).join(' ') })}</div>
                      )}
                    </li>
                  ))}
                  {p.exceptions.length > 0 && (
                    <li>{t('portal.places.exceptions')}: {p.exceptions.map((e) => `${e.date} ${e.closed ? t('portal.places.closed')
                      : e.hours.map((h) => `${hhmm(h.from)}–${hhmm(h.to)}`).join(', ')}${e.note ? ` (${e.note})` : ''}`).join('; ')}</li>
                  )}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
