import { randomUUID } from 'node:crypto';
import { createEnvelope, DomainError, MessageTypes, type Envelope } from '@ensemble/contracts';
import { CreateDatasetRequest, GetDatasetRequest } from '../datasets/dto/dataset.requests';
import { validPayload } from './valid-payload';

function envelopeOf(type: string, payload: Record<string, unknown>): Envelope {
  const id = randomUUID();
  return createEnvelope(type, payload, { tenantId: 't', correlationId: id, causationId: id });
}

async function detailsOf<T extends object>(
  cls: new () => T,
  type: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const error: unknown = await validPayload(cls, envelopeOf(type, payload)).catch((e: unknown) => e);
  if (!(error instanceof DomainError)) throw new Error('expected a DomainError');
  return JSON.stringify(error.details);
}

describe('validPayload refuses what the dataset tables would reject', () => {
  it('refuses an offset beyond any dataset', async () => {
    const payload = { id: randomUUID(), offset: 1e20 };
    expect(await detailsOf(GetDatasetRequest, MessageTypes.rpc.datasetGet, payload)).toMatch(/offset/);
  });

  it('refuses a NUL character in a record, naming it', async () => {
    const payload = { name: 'd', format: 'json', records: [{ a: 'x\u0000' }] };
    expect(await detailsOf(CreateDatasetRequest, MessageTypes.rpc.datasetCreate, payload)).toMatch(
      /records\[0\]\.a/,
    );
  });
});
