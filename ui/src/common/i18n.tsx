import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { en } from './messages.en';
import { zh } from './messages.zh';

export type Lang = 'en' | 'zh';
export type Key = keyof typeof en;
const dictionaries: Record<Lang, Record<Key, string>> = { en, zh };

/** Fills {name} placeholders; a missing key falls back to English, then to the key itself. */
export function translate(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  const text = dictionaries[lang][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The browser's preferred language if we have it, else English. The choice is remembered for the tab only. */
export function initialLang(nav: { languages?: readonly string[] } = navigator): Lang {
  const stored = sessionStorage.getItem('consentry.lang');
  if (stored === 'en' || stored === 'zh') return stored;
  return (nav.languages ?? []).some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

type Ctx = { lang: Lang; setLang: (l: Lang) => void; t: (key: Key, vars?: Record<string, string | number>) => string };
const I18n = createContext<Ctx>({ lang: 'en', setLang: () => {}, t: (k, v) => translate('en', k, v) });

export function I18nProvider({ children, lang: fixed }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLang] = useState<Lang>(fixed ?? initialLang());
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    sessionStorage.setItem('consentry.lang', lang);
  }, [lang]);
  return <I18n.Provider value={{ lang, setLang, t: (k, v) => translate(lang, k, v) }}>{children}</I18n.Provider>;
}

export const useI18n = () => useContext(I18n);

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t('language')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t('language')}>
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}
