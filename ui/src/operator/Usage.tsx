import { Fragment, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../common/i18n';
import { byTenant, formatBytes, isoDay, usageApi, type UsageApi, type UsageRow } from './usageApi';

const COUNTS = ['verifications', 'identifications', 'alternativeDecisions', 'enrolments', 'storedTemplates', 'objectStoreBytes'] as const;

/**
 * The operator's usage view across tenants: per tenant, one row per day and a total, for the days picked (UTC).
 * Counts of the days add up; stored templates and bytes are snapshots, so a tenant's total shows the latest one.
 */
export default function Usage({ api, today = new Date() }: { api?: UsageApi; today?: Date }) {
  const { t } = useI18n();
  const client = useMemo(() => api ?? usageApi(), [api]);
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const [tenant, setTenant] = useState('');
  const [asked, setAsked] = useState({ from, to, tenant });
  const [rows, setRows] = useState<UsageRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setRows(null);
    setError(null);
    client.list({ from: asked.from, to: asked.to, tenant: asked.tenant.trim() || undefined })
      .then(setRows).catch((e) => setError(e.message));
  }, [client, asked]);

  const grouped = rows ? byTenant(rows) : null;
  const cell = (k: (typeof COUNTS)[number], v: number) => (k === 'objectStoreBytes' ? formatBytes(v) : v.toLocaleString());

  return (
    <>
      <h2>{t('usage.title')}</h2>
      <p>{t('usage.intro')}</p>
      <form onSubmit={(e) => { e.preventDefault(); setAsked({ from, to, tenant }); }} className="usage-filter">
        <label>{t('usage.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
        <label>{t('usage.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required /></label>
        <label>{t('usage.tenant')} <input value={tenant} onChange={(e) => setTenant(e.target.value)} placeholder={t('usage.allTenants')} /></label>
        <button type="submit">{t('usage.show')}</button>
      </form>
      {error && <p role="alert" className="error">{t('error', { detail: error })}</p>}
      {!error && !grouped && <p>{t('loading')}</p>}
      {grouped && grouped.tenants.length === 0 && <p>{t('usage.none')}</p>}
      {grouped && grouped.tenants.length > 0 && (
        <table data-testid="usage-table">
          <caption className="sr-only">{t('usage.caption', { from: asked.from, to: asked.to })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('usage.tenant')}</th><th scope="col">{t('usage.day')}</th>
              {COUNTS.map((k) => <th scope="col" key={k}>{t(`usage.${k}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {grouped.tenants.map((g) => (
              <Fragment key={g.tenant}>
                {g.days.map((d) => (
                  <tr key={`${g.tenant}-${d.day}`}>
                    <td>{g.tenant}</td><td>{d.day}</td>
                    {COUNTS.map((k) => <td key={k} className="num">{cell(k, d[k])}</td>)}
                  </tr>
                ))}
                <tr className="subtotal" data-testid={`usage-total-${g.tenant}`}>
                  <th scope="row">{g.tenant}</th><td>{t('usage.tenantTotal')}</td>
                  {COUNTS.map((k) => <td key={k} className="num">{cell(k, g[k])}</td>)}
                </tr>
              </Fragment>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="usage-grand-total">
              <th scope="row" colSpan={2}>{t('usage.total', { tenants: grouped.tenants.length })}</th>
              {COUNTS.map((k) => <td key={k} className="num">{cell(k, grouped.total[k])}</td>)}
            </tr>
          </tfoot>
        </table>
      )}
      <p className="hint">{t('usage.snapshots')}</p>
    </>
  );
}
