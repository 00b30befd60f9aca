import { useI18n, type Key } from './i18n';

/** The wording of a structured notice in one language (see the api's NoticeTexts). */
export interface NoticeTexts {
  title?: string | null; summary?: string | null; purpose: string; retention: string; rights: string;
  necessityAndImpact: string; alternatives: string; termination: string;
}
export interface Controller {
  name: string | null; address: string | null; email: string | null; phone: string | null; policyUrl: string | null; jurisdiction: string | null;
}
/** What an admin writes; publication adds the controller and the retention days (StructuredNotice). */
export interface NoticeContent {
  method: string; processingLocation: string; purposeCategory: string[]; piiCategory: string[]; consentType: string;
  thirdPartyDisclosure: boolean; thirdPartyName?: string | null; texts: Record<string, NoticeTexts>;
}
export interface StructuredNotice extends NoticeContent { controller: Controller; retentionDays: number }

export const TEXT_FIELDS = ['purpose', 'retention', 'rights', 'necessityAndImpact', 'alternatives', 'termination'] as const;

/** The wording in the reader's language, else in the notice's own language. */
export function textsFor(n: NoticeContent, lang: string, fallback: string): NoticeTexts {
  return n.texts[lang] ?? n.texts[fallback] ?? Object.values(n.texts)[0];
}

/** The editable part of a published notice: what the admin wrote, without what publication added. */
export function contentOf(n: StructuredNotice): NoticeContent {
  const { controller: _c, retentionDays: _r, ...content } = n;
  return content;
}

/** A published structured notice, section by section, in the reader's language (headings from the ui's dictionary). */
export function StructuredNoticeView({ notice, language, retentionDays }: { notice: StructuredNotice; language: string; retentionDays?: number }) {
  const { t, lang } = useI18n();
  const w = textsFor(notice, lang, language);
  const c = notice.controller;
  return (
    <div className="structured-notice" data-testid="structured-notice" lang={notice.texts[lang] ? lang : language}>
      {w.summary && <p>{w.summary}</p>}
      <p className="notice">{w.purpose}</p>
      <dl>
        <dt>{t('notice.controller')}</dt>
        <dd>{c.name}, {c.address} · {c.email} · {c.phone} ({c.jurisdiction}) · <a href={c.policyUrl ?? '#'}>{t('notice.policy')}</a></dd>
        <dt>{t('notice.method')}</dt><dd>{t(`notice.method.${notice.method}` as Key)}</dd>
        <dt>{t('notice.where')}</dt><dd>{t(`notice.where.${notice.processingLocation}` as Key)}</dd>
        <dt>{t('notice.retention')}</dt><dd>{t('notice.days', { days: retentionDays ?? notice.retentionDays })} {w.retention}</dd>
        <dt>{t('notice.rights')}</dt><dd>{w.rights}</dd>
        <dt>{t('notice.necessity')}</dt><dd>{w.necessityAndImpact}</dd>
        <dt>{t('notice.alternatives')}</dt><dd>{w.alternatives}</dd>
        <dt>{t('notice.thirdParties')}</dt><dd>{notice.thirdPartyDisclosure ? notice.thirdPartyName : t('notice.none')}</dd>
        <dt>{t('notice.termination')}</dt><dd>{w.termination}</dd>
      </dl>
    </div>
  );
}
