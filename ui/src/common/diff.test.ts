import { diffLines } from './diff';

describe('notice diff', () => {
  it('marks added, removed and unchanged lines in order', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });
  it('is all same for identical texts', () => {
    expect(diffLines('x\ny', 'x\ny').every((d) => d.kind === 'same')).toBe(true);
  });
});
