import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../common/i18n';
import { PortalApp } from './PortalApp';
import '../common/styles.css';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <PortalApp location={window.location} />
  </I18nProvider>,
);
