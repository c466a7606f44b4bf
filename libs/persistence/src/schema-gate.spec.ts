import { migrationNames } from './schema-gate';

class Named1763700000001 {
  name = 'RecordedAs1763700000001';
}
class Unnamed1763700000002 {}

describe('migrationNames', () => {
  it('is what TypeORM records: the instance name, else the class name', () => {
    expect(migrationNames([Named1763700000001, Unnamed1763700000002])).toEqual([
      'RecordedAs1763700000001',
      'Unnamed1763700000002',
    ]);
  });
});
