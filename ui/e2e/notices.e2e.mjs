// The structured-notice journey (issue 17, items 3 and 8), started by io.consentry.ui.NoticesJourneyTest: the admin
// fills in the data controller (no notice can be published before), publishes a purpose from the notice template;
// the subject reads the structured notice in English and in Chinese, refuses, and finds the refusal's receipt.
import { context, env, linkFromMailbox, menu, run, shot, signInToConsole, step } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const ADMIN = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const MAILBOX = env('E2E_MAILBOX_URL');
const SUBJECT_EMAIL = env('E2E_SUBJECT_EMAIL');
const CONTROLLER = 'Riverside Mall Operations Ltd.';

await run(async (browser) => {
  const page = await (await context(browser)).newPage();
  step('admin signs in; the controller profile is incomplete, so no notice can be published yet');
  await signInToConsole(page, TENANT, ADMIN, PASSWORD);
  await menu(page, 'Purposes & notices').click();
  await page.getByTestId('controller-missing').waitFor();
  await shot(page, 'notices-01-controller-missing');

  step('admin fills in the data controller');
  const fields = {
    name: CONTROLLER, address: '18 Riverside Road, Xuhui, Shanghai', email: 'privacy@riverside.example',
    phone: '+86 21 5555 0199', policyUrl: 'https://riverside.example/privacy', jurisdiction: 'CN',
  };
  for (const [f, v] of Object.entries(fields)) await page.fill(`input[name=controller-${f}]`, v);
  await page.getByRole('button', { name: 'Save controller' }).click();
  await page.getByText('Complete: notices can be published.').waitFor();
  // the default purpose of a mall is published from its template once the controller is known
  await page.locator('code', { hasText: /^member-identification$/ }).waitFor();

  step('admin publishes a purpose from the template: every section prefilled, in English and Chinese');
  await page.getByRole('button', { name: 'New purpose from a template' }).click();
  await page.locator('select[name=template]').selectOption('FACE_VERIFICATION');
  const form = page.getByTestId('new-purpose');
  if ((await form.locator('textarea[name=zh-rights]').inputValue()).trim() === '') throw new Error('the Chinese wording is not prefilled');
  if ((await form.locator('textarea[name=en-alternatives]').inputValue()).trim() === '') throw new Error('the English wording is not prefilled');
  // a face purpose is switched on only with its approved impact assessment, recorded in the same form
  const pia = form.getByTestId('new-purpose-assessment');
  await pia.locator('textarea[name=purposeAndNecessity]').fill('Residents open the gate hands-free; a card is easily lent or lost.');
  await pia.locator('textarea[name=impactOnIndividuals]').fill('Face data is sensitive: a leak cannot be undone. Only consenting residents are enrolled.');
  await pia.locator('textarea[name=risksAndMeasures]').fill('Templates encrypted per tenant; no images kept; liveness check; audit of every decision.');
  await pia.locator('textarea[name=alternatives]').fill('PIN, QR code, card and the guard, at every gate.');
  await pia.locator('input[name=reviewer]').fill('Wang Fang, data protection officer');
  await shot(page, 'notices-02-structured-form');
  await form.getByRole('button', { name: 'Publish purpose and notice' }).click();
  await page.getByText('Purpose gate-verification published with its notice (version 1).').waitFor();
  await shot(page, 'notices-03-published');

  step('the subject reads the structured notice in English');
  const p = await (await context(browser)).newPage();
  await p.goto(await linkFromMailbox(p, MAILBOX, SUBJECT_EMAIL));
  const card = p.locator('[data-purpose="gate-verification"]');
  const notice = card.getByTestId('structured-notice');
  await notice.getByText('Who processes your data (controller)', { exact: true }).waitFor();
  await notice.getByText(CONTROLLER, { exact: false }).waitFor();
  await notice.getByText('Ways in without your face', { exact: true }).waitFor();
  await notice.getByText('1:1 face verification (your face against your own enrolment)').waitFor();
  await shot(p, 'notices-04-portal-en');

  step('the same notice in Chinese');
  await p.getByLabel('Language').selectOption('zh');
  await notice.getByText('个人信息处理者', { exact: true }).waitFor();
  await notice.getByText('您的权利及行使方式', { exact: true }).waitFor();
  await card.getByRole('heading', { name: '门禁人脸验证' }).waitFor();
  await shot(p, 'notices-05-portal-zh');

  step('the subject refuses and finds the receipt of the refusal');
  await card.getByRole('button', { name: /^我拒绝/ }).click();
  await card.getByText('已拒绝').first().waitFor();
  await p.locator('.receipts li').first().waitFor();
  await shot(p, 'notices-06-refused-receipt');
});
