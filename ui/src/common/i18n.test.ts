import { en } from './messages.en';
import { zh } from './messages.zh';
import { initialLang, translate } from './i18n';
import { linkToken, tenantFromPath, toProblem } from './api';

describe('i18n', () => {
  it('has every English key in Chinese, with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key], key).toBeTruthy();
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(zh[key]), key).toEqual(vars(en[key]));
    }
  });
  it('fills placeholders', () => {
    expect(translate('en', 'portal.retention', { days: 30 })).toBe('Kept for at most 30 days, then deleted.');
    expect(translate('zh', 'portal.retention', { days: 30 })).toContain('30');
  });
  it('picks Chinese for a Chinese browser, English otherwise', () => {
    sessionStorage.clear();
    expect(initialLang({ languages: ['zh-CN', 'en'] })).toBe('zh');
    expect(initialLang({ languages: ['de-DE'] })).toBe('en');
  });
});

describe('links and problems', () => {
  it('reads the tenant from portal and console paths only', () => {
    expect(tenantFromPath('/consent/acme-mall')).toBe('acme-mall');
    expect(tenantFromPath('/console/demo/')).toBe('demo');
    expect(tenantFromPath('/portal/demo')).toBeNull();
  });
  it('reads invitation and personal tokens from the fragment', () => {
    expect(linkToken('#invitation=abc_DEF-1')).toEqual({ kind: 'invitation', token: 'abc_DEF-1' });
    expect(linkToken('#personal=xyz')).toEqual({ kind: 'personal', token: 'xyz' });
    expect(linkToken('#other=1')).toBeNull();
  });
  it('turns problem+json into a coded error', async () => {
    const res = new Response(JSON.stringify({ code: 'notice_outdated', detail: 'Reload' }), { status: 409 });
    const p = await toProblem(res);
    expect([p.status, p.code, p.message]).toEqual([409, 'notice_outdated', 'Reload']);
  });
});
