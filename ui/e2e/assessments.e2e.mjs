// The impact-assessment journey (issue 17, item 2 and the private-space rule of item 4): the admin records the
// assessment of a seeded face purpose on the console's form, sees it listed with its PDF, reads the list in Chinese,
// and a private-space site refuses face on the policy form. Started by io.consentry.ui.AssessmentsJourneyTest.
import { env, run, context, signInToConsole, step, shot, menu } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const USER = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');

run(async (browser) => {
  const page = await (await context(browser)).newPage();

  step('admin signs in; the dashboard says the seeded face purposes are switched off');
  await signInToConsole(page, TENANT, USER, PASSWORD);
  await page.getByText(/Switched off until an impact assessment is recorded: gate-verification/).waitFor();

  step('admin opens the assessment form of the seeded gate-verification purpose');
  await menu(page, 'Impact assessments').click();
  const row = page.locator('[data-purpose="gate-verification"]');
  await row.getByText('Switched off: no assessment').waitFor();
  await row.getByRole('button', { name: 'Record assessment' }).click();
  const form = page.getByTestId('assessment-form');
  await form.getByLabel('Purpose and necessity of the face processing').fill(
    'Residents pass the gates without a card; cards are lent and lost, face verification stops that.');
  await form.getByLabel('Impact on the individuals').fill('An encrypted template of each consenting resident is kept; a false refusal sends them to the guard.');
  await form.getByLabel('Risks and security measures').fill('Encryption with the tenant key, liveness check, audit of every decision, deletion on withdrawal.');
  await form.getByLabel('Alternatives offered to whoever refuses').fill('PIN, QR code, access card or the guard, with no disadvantage.');
  await form.getByLabel('Where the processing happens').selectOption('PLATFORM');
  await form.getByLabel('Reviewer').fill('Wang Fang, data protection officer');
  await shot(page, 'assessments-01-form');
  await form.getByRole('button', { name: 'Record approved assessment' }).click();
  await page.getByText('Version 1 of the assessment of Face verification at the gates recorded.').waitFor();

  step('the assessment is listed, in force, with its printable PDF');
  await row.getByText('In force').waitFor();
  await row.getByText('Wang Fang, data protection officer').waitFor();
  await row.getByRole('button', { name: 'Printable PDF of version 1 of Face verification at the gates' }).waitFor();
  await page.locator('[data-purpose="member-identification"]').getByText('Switched off: no assessment').waitFor();
  await shot(page, 'assessments-02-listed');

  step('the console in Chinese');
  await page.getByLabel('Language').selectOption('zh');
  await page.getByRole('heading', { name: '影响评估' }).waitFor();
  await row.getByText('已启用').waitFor();
  await shot(page, 'assessments-03-listed-zh');
  await page.getByLabel('语言').selectOption('en');

  step('a private-space site refuses face on the policy form');
  await menu(page, 'Sites & policies').click();
  await page.fill('input[name=siteName]', 'Pool changing rooms');
  await page.locator('select[name=siteCategory]').selectOption('CHANGING_AREA');
  await page.getByRole('button', { name: 'Create site' }).click();
  await page.getByText('Site “Pool changing rooms” created.').waitFor();
  await page.getByTestId('sites-table').getByRole('link', { name: 'Pool changing rooms', exact: true }).click();
  await page.getByTestId('private-space').waitFor();
  await page.getByRole('checkbox', { name: 'Face verification (1:1, after a claim)' }).check();
  await page.getByLabel('Purpose of 1:1 verification at this site').selectOption('gate-verification');
  await page.getByRole('checkbox', { name: 'Reference typed in (e.g. unit number)' }).check();
  await page.getByRole('button', { name: 'Save policy' }).click();
  await page.getByText(/private space \(CHANGING_AREA\): face recognition may not run there/).waitFor();
  await shot(page, 'assessments-04-private-space-refused');
});
