import { BoundedLabel } from './bounded-label';

describe('a bounded label', () => {
  it('keeps the first values it sees and names every later one other', () => {
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'c', 'a', 'b', 'd'].map((v) => label.of(v))).toEqual([
      'a',
      'b',
      'other',
      'a',
      'b',
      'other',
    ]);
  });
});
