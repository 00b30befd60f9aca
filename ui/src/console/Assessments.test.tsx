import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../common/i18n';
import { Assessments, type PurposeAssessments } from './Assessments';
import type { ConsoleApi } from './consoleApi';

const version = (v: number, current: boolean, overdue = false) => ({
  id: `a${v}`, purpose: 'lobby', version: v, purposeAndNecessity: 'Why', impactOnIndividuals: 'Impact', risksAndMeasures: 'Risks',
  alternatives: 'PIN', processingLocation: 'DEVICE' as const, reviewer: `Reviewer ${v}`, approvedOn: '2025-01-01',
  nextReviewOn: '2026-01-01', recordedBy: 'admin', recordedAt: '2025-01-02T08:00:00Z', current,
  supersededAt: current ? null : '2025-06-01T08:00:00Z', overdue,
});
const rows: PurposeAssessments[] = [
  { purpose: 'gate-verification', title: 'Face verification at the gates', kind: 'FACE_VERIFICATION', required: true,
    inForce: false, current: null, overdue: false, versions: [] },
  { purpose: 'lobby', title: 'Lobby check', kind: 'FACE_VERIFICATION', required: true, inForce: true,
    current: version(2, true, true), overdue: true, versions: [version(2, true, true), version(1, false)] },
];

function fakeApi() {
  const posted: { path: string; body: any }[] = [];
  const get = vi.fn(async () => rows);
  const post = vi.fn(async (path: string, body: any) => { posted.push({ path, body }); return { ...version(1, true), purpose: 'gate-verification' }; });
  return { api: { get, post, raw: vi.fn() } as unknown as ConsoleApi, posted };
}

describe('impact assessments', () => {
  it('lists each purpose with its status: switched off, or in force with an overdue review', async () => {
    render(<I18nProvider lang="en"><Assessments api={fakeApi().api} /></I18nProvider>);
    expect(await screen.findByText('Switched off: no assessment')).toBeTruthy();
    expect(screen.getByText('Review overdue')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Printable PDF of version 2 of Lobby check' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Printable PDF of version 1 of Lobby check' })).toBeTruthy();
  });

  it('records an assessment with every field the law asks for', async () => {
    const f = fakeApi();
    render(<I18nProvider lang="en"><Assessments api={f.api} /></I18nProvider>);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Record assessment' }))[0]);
    const save = screen.getByRole('button', { name: 'Record approved assessment' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    for (const [label, value] of [['Purpose and necessity of the face processing', 'Necessary'], ['Impact on the individuals', 'Small'],
      ['Risks and security measures', 'Encrypted'], ['Alternatives offered to whoever refuses', 'PIN'], ['Reviewer', 'Wang Fang']])
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(f.posted).toHaveLength(1));
    expect(f.posted[0].path).toBe('/purposes/gate-verification/assessments');
    expect(f.posted[0].body).toMatchObject({ reviewer: 'Wang Fang', processingLocation: 'PLATFORM', purposeAndNecessity: 'Necessary' });
    expect(await screen.findByText(/Version 1 of the assessment of Face verification at the gates recorded/)).toBeTruthy();
  });

  it('reads in Chinese', async () => {
    render(<I18nProvider lang="zh"><Assessments api={fakeApi().api} /></I18nProvider>);
    expect(await screen.findByText('已停用：无评估')).toBeTruthy();
    expect(screen.getByRole('heading', { name: '影响评估' })).toBeTruthy();
  });
});
