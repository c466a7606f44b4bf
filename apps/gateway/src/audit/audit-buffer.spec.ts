import { AuditBuffer } from './audit-buffer';
import type { AuditEntry } from './audit.repository';

function entry(path: string): AuditEntry {
  return {
    tenantId: 't',
    actor: '6f1c2b1e-3a52-4d1e-9a7b-0c2d4e6f8a10',
    role: 'admin',
    method: 'POST',
    path,
    status: 201,
    correlationId: 'c',
    at: new Date(0),
  };
}

const paths = (entries: AuditEntry[]): string[] => entries.map((e) => e.path);

describe('AuditBuffer', () => {
  it('hands entries out oldest first, in batches', () => {
    const buffer = new AuditBuffer(10);
    ['/a', '/b', '/c'].forEach((p) => {
      buffer.add(entry(p));
    });

    expect(paths(buffer.take(2))).toEqual(['/a', '/b']);
    expect(paths(buffer.take(2))).toEqual(['/c']);
  });

  it('drops and counts entries beyond its capacity instead of growing', () => {
    const buffer = new AuditBuffer(2);
    ['/a', '/b', '/c'].forEach((p) => {
      buffer.add(entry(p));
    });

    expect(buffer.length).toBe(2);
    expect(buffer.takeDropped()).toBe(1);
    expect(buffer.takeDropped()).toBe(0);
  });

  it('puts a failed batch back in front of newer entries', () => {
    const buffer = new AuditBuffer(10);
    buffer.add(entry('/a'));
    buffer.add(entry('/b'));
    const batch = buffer.take(1);
    buffer.add(entry('/c'));

    buffer.restore(batch);

    expect(paths(buffer.take(10))).toEqual(['/a', '/b', '/c']);
  });
});
