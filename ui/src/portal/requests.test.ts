import { requestProblem } from './requests';

describe('a subject request before it is sent', () => {
  it('needs details only for a correction', () => {
    expect(requestProblem('CORRECTION', '  ')).toBe('portal.requests.detailsRequired');
    expect(requestProblem('CORRECTION', 'My name is Zhang')).toBeNull();
    expect(requestProblem('ACCESS', '')).toBeNull();
    expect(requestProblem('ERASURE', '')).toBeNull();
  });
});
