import { describe, expect, it } from 'vitest';
import { csvField, serviceHoursCsv } from '../../../central/http/service-hours-csv.ts';

describe('service hours CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('Smith, John')).toBe('"Smith, John"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(undefined)).toBe('');
  });

  it('starts with a BOM and ends rows with CRLF', () => {
    const csv = serviceHoursCsv([]);
    expect(csv.startsWith('\uFEFFsession_id,')).toBe(true);
    expect(csv.endsWith('needs_review\r\n')).toBe(true);
  });
});
