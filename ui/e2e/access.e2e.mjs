// The access-rights journey (issue 18, item 2): the admin creates a group, adds a resident, restricts a site to the
// group on weekdays with a holiday, sees the screens in Chinese; a device decision for an outsider is DENIED
// not_authorised_here and shows in the console's audit; the resident's portal shows where they may go.
// Started by io.consentry.ui.AccessJourneyTest.
import { BASE, context, env, linkFromMailbox, menu, run, shot, signInToConsole, step } from './lib.mjs';

const TENANT = env('E2E_TENANT');
const USER = env('E2E_ADMIN_USER');
const PASSWORD = env('E2E_ADMIN_PASSWORD');
const SITE_NAME = env('E2E_SITE_NAME');
const MEMBER_REF = env('E2E_MEMBER_REF');
const MEMBER_NAME = env('E2E_MEMBER_NAME');
const MEMBER_EMAIL = env('E2E_MEMBER_EMAIL');
const MAILBOX = env('E2E_MAILBOX_URL');
const DEVICE_TOKEN = env('E2E_DEVICE_TOKEN');
const OUTSIDER_REF = env('E2E_OUTSIDER_REF');
const OUTSIDER_PIN = env('E2E_OUTSIDER_PIN');
const GROUP = 'Tower A residents';

run(async (browser) => {
  const page = await (await context(browser)).newPage();

  step('admin signs in and creates a group');
  await signInToConsole(page, TENANT, USER, PASSWORD);
  await menu(page, 'Groups').click();
  await page.getByText('No groups yet.').waitFor();
  await page.fill('input[name=groupName]', GROUP);
  await page.fill('input[name=groupDescription]', 'Flats 1 to 40');
  await page.getByRole('button', { name: 'Create group' }).click();
  await page.getByText(`Group “${GROUP}” created.`).waitFor();

  step('admin adds a resident to the group');
  await page.getByRole('link', { name: `Members of ${GROUP}` }).click();
  await page.getByText('Nobody is in this group yet.').waitFor();
  await page.fill('input[name=memberQuery]', MEMBER_REF);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.locator('select[name=memberPick]').waitFor();
  await page.getByRole('button', { name: 'Add to group' }).click();
  await page.getByText(`${MEMBER_NAME} added to the group.`).waitFor();
  await page.getByTestId('members-table').getByText('counts now').waitFor();
  await shot(page, 'access-01-group-members');

  step('the site is open to everyone until a group is allowed');
  await menu(page, 'Sites & policies').click();
  await page.getByTestId('sites-table').getByRole('link', { name: SITE_NAME, exact: true }).click();
  const rights = page.getByTestId('site-rights');
  await rights.getByText(/^Open to everyone of the tenant/).waitFor();
  await shot(page, 'access-02-site-open');

  step('admin restricts the site to the group on weekdays, with a holiday');
  await rights.getByLabel('Group to allow').selectOption({ label: GROUP });
  await rights.getByRole('button', { name: 'Allow a group' }).click();
  const group = rights.locator(`fieldset[data-group="${GROUP}"]`);
  await group.getByRole('group', { name: `Hours 1 of ${GROUP}` }).waitFor();
  await rights.locator('input[name=exceptionDate]').fill('2026-12-25');
  await rights.getByRole('button', { name: 'Add a date' }).click();
  await rights.getByRole('group', { name: '2026-12-25' }).getByLabel('Note').fill('Compound holiday');
  // a window that crosses midnight is explained, not sent
  await group.locator('input[name="to-0-0"]').fill('06:00');
  await group.locator('input[name="from-0-0"]').fill('22:00');
  await rights.getByRole('button', { name: 'Save rights' }).click();
  await rights.getByText(/crosses midnight: split it into two/).waitFor();
  await shot(page, 'access-03-rights-refused');
  await group.locator('input[name="from-0-0"]').fill('07:00');
  await group.locator('input[name="to-0-0"]').fill('19:00');
  await rights.getByRole('button', { name: 'Save rights' }).click();
  await rights.getByText('Rights saved.').waitFor();
  await rights.getByTestId('rights-state').getByText(/^Restricted: only members of the groups below/).waitFor();
  await shot(page, 'access-04-rights-restricted');

  step('the same screen in Chinese');
  await page.getByLabel('Language').selectOption('zh');
  await rights.getByText(/^受限：只有下列分组的成员/).waitFor();
  await shot(page, 'access-05-rights-zh');
  await page.getByLabel('语言').selectOption('en');

  step('an outsider presents their PIN at the site\'s device: DENIED not_authorised_here');
  const res = await fetch(`${BASE}/api/v1/device/alternative`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${DEVICE_TOKEN}` },
    body: JSON.stringify({ method: 'PIN', subjectRef: OUTSIDER_REF, pin: OUTSIDER_PIN }),
  });
  const decision = await res.json();
  if (decision.decision !== 'DENIED' || decision.reason !== 'not_authorised_here') throw new Error(`unexpected decision ${JSON.stringify(decision)}`);
  console.log(`[e2e] decision ${decision.auditEntryId}`);

  step('the decision shows in the console\'s audit log');
  await menu(page, 'Audit').click();
  await page.getByLabel('Action').fill('access.pin');
  await page.getByLabel('Outcome').fill('DENIED');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByTestId('audit-table').getByText('not_authorised_here').waitFor();
  await shot(page, 'access-06-decision-in-audit');

  step('the resident sees in the portal where they may go');
  const p = await (await context(browser)).newPage();
  await p.goto(await linkFromMailbox(p, MAILBOX, MEMBER_EMAIL));
  const places = p.getByTestId('places');
  await places.getByText(SITE_NAME).waitFor();
  await places.getByText(`as a member of ${GROUP}: Mon–Fri 07:00–19:00`).waitFor();
  await places.getByText(/2026-12-25 closed \(Compound holiday\)/).waitFor();
  await shot(p, 'access-07-portal-places');
  await p.getByLabel('Language').selectOption('zh');
  await places.getByRole('heading', { name: '您可以进入的地方' }).waitFor();
  await shot(p, 'access-08-portal-places-zh');
});
