import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { Staff, type StaffMember } from './Staff';
import type { ConsoleApi } from './consoleApi';
import { setupTenant, setupToken } from '../setup/SetupApp';

const members: StaffMember[] = [
  { id: 'a1', name: 'Li Wei', email: 'li@x.test', role: 'tenant-admin', status: 'ACTIVE', secondFactor: true, createdAt: '2026-01-01T08:00:00Z' },
  { id: 'g1', name: 'Zhang Min', email: 'zhang@x.test', role: 'guard', status: 'INVITED', secondFactor: false, createdAt: null },
];

function fakeApi() {
  const posted: { path: string; body: any }[] = [];
  const get = vi.fn(async () => members);
  const post = vi.fn(async (path: string, body: any) => {
    posted.push({ path, body });
    return body ? { ...members[1], id: 'n1', name: body.name, email: body.email, role: body.role } : members[1];
  });
  return { api: { get, post } as unknown as ConsoleApi, posted };
}

describe('staff', () => {
  it('lists staff; the signed-in admin cannot disable themselves, an invited guard can get a new link', async () => {
    render(<I18nProvider lang="en"><Staff api={fakeApi().api} me="li@x.test" /></I18nProvider>);
    expect(await screen.findByText('Zhang Min')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Disable' })).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Send a new setup link' })).toBeTruthy();
    expect(screen.getByText('(you)')).toBeTruthy();
  });

  it('invites with name, e-mail and role', async () => {
    const f = fakeApi();
    render(<I18nProvider lang="en"><Staff api={f.api} me="li@x.test" /></I18nProvider>);
    await screen.findByText('Zhang Min');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' Wang Fang ' } });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'wang@x.test' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'auditor' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    await waitFor(() => expect(f.posted).toEqual([{ path: '/staff', body: { name: 'Wang Fang', email: 'wang@x.test', role: 'auditor' } }]));
    expect(await screen.findByText('Wang Fang is invited: a setup link was mailed to wang@x.test.')).toBeTruthy();
  });

  it('reads the setup page address: tenant in the path, token in the fragment', () => {
    expect(setupTenant('/setup/harbour-view')).toBe('harbour-view');
    expect(setupTenant('/console/harbour-view')).toBeNull();
    expect(setupToken('#token=' + 'a'.repeat(43))).toBe('a'.repeat(43));
    expect(setupToken('#token=short')).toBeNull();
  });
});
