import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../common/i18n';
import { ConsoleApp } from './ConsoleApp';
import '../common/styles.css';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <ConsoleApp />
  </I18nProvider>,
);
