import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOfflineDocument } from '../../../apps/gateway/src/http/offline-document';

const ROOT = join(__dirname, '..', '..', '..');
const DOCUMENT = join(ROOT, 'libs', 'client', 'openapi.json');
const SCHEMA = join(ROOT, 'libs', 'client', 'src', 'schema.ts');

/** What `npm run client:generate` would write: run it when either test fails. */
describe('the generated client', () => {
  it('is built from the document the gateway serves now', async () => {
    const { document, close } = await buildOfflineDocument();
    await close();

    expect(JSON.parse(readFileSync(DOCUMENT, 'utf8'))).toEqual(document);
  });

  it('has the types openapi-typescript makes of that document', () => {
    const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const generated = spawnSync(process.execPath, [cli, DOCUMENT], { encoding: 'utf8' });

    expect(generated.status).toBe(0);
    expect(generated.stdout).toBe(readFileSync(SCHEMA, 'utf8'));
  });
});
