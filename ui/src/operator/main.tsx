import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../common/i18n';
import { OperatorApp } from './OperatorApp';
import '../common/styles.css';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <OperatorApp />
  </I18nProvider>,
);
