import { useEffect, useState } from 'react';
import { useI18n, type Key } from '../common/i18n';
import { formatTime } from '../common/api';
import type { ConsoleApi } from './consoleApi';

export interface Deletion {
  at: string; reason: string; subjectId: string | null; purpose: string | null; templatesDeleted: number; imagesDeleted: number;
  actor: string; auditSeq: number;
}
export interface RetentionReport {
  schedule: { maxRetentionDays: number; inactiveAfterDays: number }; from: string; to: string; deletions: Deletion[];
}

/** The retention report: the schedule every public notice states, and what face data went, when and why. */
export function Retention({ api }: { api: ConsoleApi }) {
  const { t, lang } = useI18n();
  const [report, setReport] = useState<RetentionReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => void api.get<RetentionReport>('/retention/report').then(setReport).catch((e) => setError(e.message)), [api]);

  if (error) return <p role="alert" className="error">{t('error', { detail: error })}</p>;
  if (!report) return <p>{t('loading')}</p>;
  return (
    <>
      <h2>{t('nav.retention')}</h2>
      <p data-testid="retention-schedule">
        {t('retention.schedule', { max: report.schedule.maxRetentionDays, inactive: report.schedule.inactiveAfterDays })}
      </p>
      {report.deletions.length === 0 ? <p>{t('retention.none')}</p> : (
        <table data-testid="retention-table">
          <caption className="sr-only">{t('retention.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('retention.at')}</th><th scope="col">{t('retention.reason')}</th><th scope="col">{t('retention.subject')}</th>
              <th scope="col">{t('retention.purpose')}</th><th scope="col">{t('retention.templates')}</th>
              <th scope="col">{t('retention.images')}</th><th scope="col">{t('retention.by')}</th><th scope="col">{t('retention.audit')}</th>
            </tr>
          </thead>
          <tbody>
            {report.deletions.map((d) => (
              <tr key={d.auditSeq}>
                <td>{formatTime(d.at, lang)}</td>
                <td>{t(`retention.reason.${d.reason}` as Key)}</td>
                <td>{d.subjectId ? <a href={`#/subjects/${d.subjectId}`}>{d.subjectId.slice(0, 8)}</a> : '—'}</td>
                <td>{d.purpose ?? '—'}</td>
                <td>{d.templatesDeleted}</td>
                <td>{d.imagesDeleted}</td>
                <td>{d.actor}</td>
                <td>#{d.auditSeq}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
