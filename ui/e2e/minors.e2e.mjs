// Browser journey of minors and subject requests (issue 17, items 1 and 7), started by io.consentry.ui.MinorsJourneyTest,
// which prepares the tenant, two purposes, the admin login and an adult subject already invited by e-mail.
// The admin creates a child with a birth date and links a guardian; the guardian opens the invitation mailed to them
// and grants a purpose for the child (English), then switches to Chinese and grants the second purpose; the adult
// subject files an access request in the portal; the admin answers it from the queue.
import { BASE, context, env, linkFromMailbox, menu, run, shot, signInToConsole, step } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const USER = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const MAILBOX = env('E2E_MAILBOX_URL');
const GUARDIAN_EMAIL = env('E2E_GUARDIAN_EMAIL');
const SUBJECT_EMAIL = env('E2E_SUBJECT_EMAIL'); // the adult subject, already invited
const FIRST = env('E2E_FIRST_PURPOSE'); // granted in English
const SECOND = env('E2E_SECOND_PURPOSE'); // granted in Chinese
const BIRTH_DATE = env('E2E_CHILD_BIRTH_DATE');

await run(async (browser) => {
  const admin = await context(browser);
  const page = await admin.newPage();
  step('admin signs in and creates a child with a birth date');
  await signInToConsole(page, TENANT, USER, PASSWORD);
  await menu(page, 'Subjects').click();
  await page.fill('input[name=externalRef]', 'child-3b');
  await page.fill('input[name=displayName]', 'Xiao Ming');
  await page.fill('input[name=birthDate]', BIRTH_DATE);
  await page.getByRole('button', { name: 'Create subject' }).click();
  await page.getByRole('heading', { name: /Xiao Ming/ }).waitFor();
  await page.getByTestId('minor').waitFor();

  step('admin links a guardian by name and e-mail: the invitation goes to the guardian');
  await page.fill('input[name=guardianName]', 'Wang Fang');
  await page.fill('input[name=guardianContact]', GUARDIAN_EMAIL);
  await page.fill('input[name=guardianRelationship]', 'mother');
  await page.getByRole('button', { name: 'Link and invite guardian' }).click();
  await page.getByText(/Guardian linked; their invitation was mailed to w\*\*\*@/).waitFor();
  if ((await page.content()).includes('#invitation=')) throw new Error('the admin page holds an invitation link');
  await shot(page, 'minors-01-console-guardian-linked');

  step('the guardian opens the mailed invitation and grants a purpose for the child');
  const phone = await context(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const g = await phone.newPage();
  await g.goto(await linkFromMailbox(g, MAILBOX, GUARDIAN_EMAIL));
  await g.getByTestId('wards').getByRole('button', { name: 'Xiao Ming' }).click();
  await g.getByText('You are deciding for Xiao Ming, as their guardian.', { exact: false }).waitFor();
  const first = g.locator(`[data-purpose="${FIRST}"]`);
  await first.getByRole('button', { name: /^I agree/ }).click();
  await first.getByText('Granted').waitFor();
  await shot(g, 'minors-02-guardian-grants-en');

  step('in Chinese, the guardian grants the second purpose for the child');
  await g.getByLabel('Language').selectOption('zh');
  await g.getByText('您正在以监护人身份为 Xiao Ming 作决定', { exact: false }).waitFor();
  const second = g.locator(`[data-purpose="${SECOND}"]`);
  await second.getByRole('button', { name: /^我同意/ }).click();
  await second.getByText('已同意').waitFor();
  await shot(g, 'minors-03-guardian-grants-zh');

  step('an adult subject files an access request in the portal');
  const s = await (await context(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await s.goto(await linkFromMailbox(s, MAILBOX, SUBJECT_EMAIL));
  await s.getByTestId('requests').waitFor();
  await s.locator('select[name=requestType]').selectOption('ACCESS');
  await s.locator('textarea[name=requestDetails]').fill('Please send me what you hold about me.');
  await s.getByRole('button', { name: 'Send request' }).click();
  await s.getByText(/Your request was sent; the answer is due by/).waitFor();
  await shot(s, 'minors-04-portal-request-filed');

  step('the admin sees it in the queue, with its due date, and answers it');
  await menu(page, 'Requests').click();
  const card = page.locator('[data-status="OPEN"]').first();
  await card.getByText('Please send me what you hold about me.').waitFor();
  await card.getByRole('button', { name: 'Take' }).click();
  const taken = page.locator('[data-status="IN_PROGRESS"]').first();
  await taken.locator('textarea[name=answer]').fill('Your data is ready: open your portal and choose "Download my data".');
  await taken.getByRole('button', { name: 'Answer', exact: true }).click();
  await page.locator('[data-status="ANSWERED"]').first().waitFor();
  await shot(page, 'minors-05-console-request-answered');
});
