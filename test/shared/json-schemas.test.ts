import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaDocuments } from '../../shared/json-schemas.ts';

const dir = join(import.meta.dirname, '..', '..', 'docs', 'schemas');

describe('docs/schemas', () => {
  const documents = jsonSchemaDocuments();

  it('has exactly one committed file per schema', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(documents).sort());
  });

  it.each(Object.keys(documents))('%s matches the shared schema (run `npm run schemas` after changing shared/)', (file) => {
    expect(readFileSync(join(dir, file), 'utf8')).toBe(documents[file]);
  });

  it('keeps the identifier rule in the generated schema for other languages', () => {
    const checkin = JSON.parse(documents['checkin.json']!) as { properties: { stationId: { pattern: string } } };
    expect(checkin.properties.stationId.pattern).toBe('^[A-Za-z0-9_-]{1,64}$');
  });
});
