import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaDocuments } from '../shared/json-schemas.ts';

const dir = join(import.meta.dirname, '..', 'docs', 'schemas');
for (const [file, text] of Object.entries(jsonSchemaDocuments())) {
  writeFileSync(join(dir, file), text);
  console.log(`wrote docs/schemas/${file}`);
}
