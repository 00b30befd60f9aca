import { render, screen } from '@testing-library/react';
import { I18nProvider } from './i18n';
import { StructuredNoticeView, contentOf, type StructuredNotice } from './notice';

const texts = (lang: 'en' | 'zh') => ({
  title: lang === 'en' ? 'Face verification at the gates' : '门禁人脸验证',
  purpose: lang === 'en' ? 'We compare your face with your enrolment (1:1).' : '与您登记的人脸进行一对一比对。',
  retention: lang === 'en' ? 'Only a template is kept.' : '仅保存特征模板。',
  rights: lang === 'en' ? 'Withdraw at any time.' : '可随时撤回。',
  necessityAndImpact: lang === 'en' ? 'Face data is sensitive.' : '人脸信息属于敏感个人信息。',
  alternatives: lang === 'en' ? 'A PIN or the guard.' : '密码或保安人工核验。',
  termination: lang === 'en' ? 'When you withdraw it.' : '您撤回时终止。',
});

const notice: StructuredNotice = {
  controller: { name: 'Harbour Ltd.', address: '9 Quay St', email: 'privacy@harbour.example', phone: '+86 1', policyUrl: 'https://harbour.example/p', jurisdiction: 'CN' },
  retentionDays: 365, method: 'ONE_TO_ONE', processingLocation: 'PLATFORM', purposeCategory: ['Core Function'], piiCategory: ['Biometric'],
  consentType: 'EXPLICIT', thirdPartyDisclosure: false, texts: { en: texts('en'), zh: texts('zh') },
};

describe('a structured notice in the portal', () => {
  it('shows every section in English', () => {
    render(<I18nProvider lang="en"><StructuredNoticeView notice={notice} language="zh" /></I18nProvider>);
    for (const s of ['Who processes your data (controller)', 'Your rights and how to exercise them', 'Ways in without your face',
      '365 days. Only a template is kept.', 'Withdraw at any time.', 'On the platform’s servers']) {
      expect(screen.getByTestId('structured-notice').textContent).toContain(s);
    }
    expect(screen.getByText(/Harbour Ltd\./)).toBeTruthy();
  });

  it('shows the same notice in Chinese, headings and wording', () => {
    render(<I18nProvider lang="zh"><StructuredNoticeView notice={notice} language="en" /></I18nProvider>);
    const text = screen.getByTestId('structured-notice').textContent ?? '';
    for (const s of ['个人信息处理者', '您的权利及行使方式', '365天。 仅保存特征模板。', '可随时撤回。', '一对一人脸验证']) expect(text).toContain(s);
    expect(text).not.toContain('Withdraw at any time.');
  });

  it('falls back to the notice’s own language when the reader’s is missing', () => {
    const enOnly = { ...notice, texts: { en: texts('en') } };
    render(<I18nProvider lang="zh"><StructuredNoticeView notice={enOnly} language="en" /></I18nProvider>);
    expect(screen.getByTestId('structured-notice').textContent).toContain('Withdraw at any time.');
  });

  it('a new version starts from what the admin wrote, without what publication added', () => {
    expect(Object.keys(contentOf(notice))).not.toContain('controller');
    expect(Object.keys(contentOf(notice))).not.toContain('retentionDays');
  });
});
