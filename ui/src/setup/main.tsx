import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../common/i18n';
import { SetupApp } from './SetupApp';
import '../common/styles.css';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <SetupApp />
  </I18nProvider>,
);
