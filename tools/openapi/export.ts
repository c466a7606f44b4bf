import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOfflineDocument } from '../../apps/gateway/src/http/offline-document';

/**
 * Writes the gateway's OpenAPI document (built without the fleet) to the path given, by default
 * libs/client/openapi.json, from which the typed client is generated.
 */
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'libs/client/openapi.json');
  const { document, close } = await buildOfflineDocument();
  await close();
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${target}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
