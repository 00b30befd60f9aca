import { useI18n } from '../common/i18n';

/**
 * Placeholder: the usage view across tenants (GET /api/v1/platform/usage) is built with the usage metering; this file is
 * replaced by it at merge. Same default export, no props (it may use operatorApi() from ./operatorApi).
 */
export default function Usage() {
  const { t } = useI18n();
  return (
    <>
      <h2>{t('operator.nav.usage')}</h2>
      <p className="muted">{t('operator.usagePending')}</p>
    </>
  );
}
