import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { Webhooks, shortType, type Delivery, type Subscription } from './Webhooks';
import type { ConsoleApi } from './consoleApi';

const sub: Subscription = { id: 's1', url: 'https://turnstiles.example.test/hook', eventTypes: ['io.consentry.decision.made'],
  active: true, createdAt: '2026-01-01T08:00:00Z', updatedAt: '2026-01-01T08:00:00Z' };
const dead: Delivery = { id: 'd1', subscriptionId: 's1', eventId: 'e1', eventType: 'io.consentry.decision.made', status: 'DEAD',
  attemptCount: 8, createdAt: '2026-01-01T08:00:00Z', lastStatus: 500, lastError: 'HTTP 500' };

function fakeApi() {
  const posted: { path: string; body: any }[] = [];
  const get = vi.fn(async (path: string) => (path.startsWith('/webhooks/subscriptions') ? [sub] : [dead]));
  const post = vi.fn(async (path: string, body: any) => {
    posted.push({ path, body });
    return path.endsWith('/subscriptions') ? { ...sub, id: 's2', url: body.url, secret: 'whsec_shown-once' } : { ...dead, status: 'PENDING' };
  });
  return { api: { get, post, put: vi.fn() } as unknown as ConsoleApi, posted };
}

describe('webhooks', () => {
  it('shortens event types for tables', () => {
    expect(shortType('io.consentry.decision.made')).toBe('decision.made');
  });

  it('creates a subscription and shows its secret once', async () => {
    const f = fakeApi();
    render(<I18nProvider lang="en"><Webhooks api={f.api} canManage /></I18nProvider>);
    await screen.findAllByText('https://turnstiles.example.test/hook');
    fireEvent.change(screen.getByLabelText('Receiver URL (https)'), { target: { value: 'https://bank.example.test/events' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Consent withdrawn/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create subscription' }));
    await waitFor(() => expect(f.posted).toHaveLength(1));
    expect(f.posted[0].body).toMatchObject({ url: 'https://bank.example.test/events',
      eventTypes: ['io.consentry.decision.made', 'io.consentry.consent.withdrawn'] });
    expect(((await screen.findByTestId('webhook-secret-value')) as HTMLInputElement).value).toBe('whsec_shown-once');
  });

  it('redelivers a dead letter; an auditor sees no buttons', async () => {
    const f = fakeApi();
    const { unmount } = render(<I18nProvider lang="en"><Webhooks api={f.api} canManage /></I18nProvider>);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Redeliver event e1' }))[0]);
    await waitFor(() => expect(f.posted.map((p) => p.path)).toContain('/webhooks/deliveries/d1/redeliver'));
    unmount();
    render(<I18nProvider lang="en"><Webhooks api={fakeApi().api} canManage={false} /></I18nProvider>);
    await screen.findAllByText('Dead-lettered');
    expect(screen.queryByRole('button', { name: /Redeliver/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create subscription' })).toBeNull();
  });

  it('reads in Chinese', async () => {
    render(<I18nProvider lang="zh"><Webhooks api={fakeApi().api} canManage /></I18nProvider>);
    expect(await screen.findByRole('heading', { name: '死信' })).toBeTruthy();
    expect((await screen.findAllByText('已转入死信')).length).toBeGreaterThan(0);
  });
});
