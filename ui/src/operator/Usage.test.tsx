import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { Problem } from '../common/api';
import Usage from './Usage';
import { byTenant, formatBytes, usagePath, type UsageApi, type UsageRow } from './usageApi';

const row = (tenant: string, day: string, n: number, templates: number, bytes: number): UsageRow => ({
  tenant, day, verifications: n, identifications: 2 * n, alternativeDecisions: 1, enrolments: n, storedTemplates: templates,
  objectStoreBytes: bytes,
});
const rows = [row('mall-b', '2026-11-29', 1, 4, 2048), row('acme', '2026-11-29', 3, 10, 1024), row('acme', '2026-11-30', 5, 12, 3072)];

function fakeApi(answer: () => Promise<UsageRow[]> = async () => rows) {
  const list = vi.fn(answer);
  return { api: { list, csv: vi.fn() } as unknown as UsageApi, list };
}

describe('usage across tenants', () => {
  it('sums counts over days but keeps the latest snapshot of templates and bytes', () => {
    const { tenants, total } = byTenant(rows);
    expect(tenants.map((t) => t.tenant)).toEqual(['acme', 'mall-b']);
    expect(tenants[0]).toMatchObject({ verifications: 8, identifications: 16, alternativeDecisions: 2, enrolments: 8,
      storedTemplates: 12, objectStoreBytes: 3072 });
    expect(total).toEqual({ verifications: 9, identifications: 18, alternativeDecisions: 3, enrolments: 9, storedTemplates: 16,
      objectStoreBytes: 5120 });
    expect(formatBytes(5120)).toBe('5.0 KiB');
    expect(formatBytes(12)).toBe('12 B');
    expect(usagePath({ from: '2026-11-01', to: '2026-11-30', tenant: 'acme' }))
      .toBe('/api/v1/platform/usage?from=2026-11-01&to=2026-11-30&tenant=acme');
  });

  it('shows a table per tenant and day with totals, and asks again for the days picked', async () => {
    const f = fakeApi();
    render(<I18nProvider lang="en"><Usage api={f.api} today={new Date('2026-11-30T12:00:00Z')} /></I18nProvider>);
    const table = await screen.findByTestId('usage-table');
    expect(f.list).toHaveBeenCalledWith({ from: '2026-11-01', to: '2026-11-30', tenant: undefined });
    expect(within(table).getByRole('columnheader', { name: 'Verifications (1:1)' })).toBeTruthy();
    const acme = screen.getByTestId('usage-total-acme');
    expect(within(acme).getAllByText('8')).toHaveLength(2); // verifications and enrolments
    expect(within(acme).getByText('16')).toBeTruthy();
    expect(within(acme).getByText('3.0 KiB')).toBeTruthy();
    expect(within(screen.getByTestId('usage-grand-total')).getByText('All 2 tenants')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-29' } });
    fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'acme' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(f.list).toHaveBeenLastCalledWith({ from: '2026-11-29', to: '2026-11-30', tenant: 'acme' }));
  });

  it('says what the api refused', async () => {
    const f = fakeApi(async () => { throw new Problem(400, 'usage_range_too_long', 'Ask for at most 366 days at a time.'); });
    render(<I18nProvider lang="en"><Usage api={f.api} /></I18nProvider>);
    expect((await screen.findByRole('alert')).textContent).toContain('Ask for at most 366 days at a time.');
  });

  it('reads in Chinese', async () => {
    render(<I18nProvider lang="zh"><Usage api={fakeApi().api} today={new Date('2026-11-30T12:00:00Z')} /></I18nProvider>);
    const table = await screen.findByTestId('usage-table');
    expect(screen.getByRole('heading', { name: '用量' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: '人脸核验（1:1）' })).toBeTruthy();
    expect(within(screen.getByTestId('usage-grand-total')).getByText('全部 2 个租户')).toBeTruthy();
  });
});
