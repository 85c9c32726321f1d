import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../central/volunteers/csv-records.ts';
import { hashPhone, importVolunteers } from '../../../central/volunteers/import-volunteers.ts';
import { parseVolunteerCsv } from '../../../central/volunteers/volunteer-rows.ts';
import { SqliteStore } from '../../../central/store/sqlite-store.ts';

describe('CSV records', () => {
  it('reads quoted fields with commas, quotes and line breaks, and tracks the starting line', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",z\nlast,';
    expect(readCsvRecords(text)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 4, fields: ['multi\nline', 'z'] },
      { line: 6, fields: ['last', ''] },
    ]);
  });

  it('reports an unclosed quote and stray quotes by line', () => {
    expect(() => readCsvRecords('a,b\n"open,c\n')).toThrow('line 2: a quoted field is never closed');
    expect(() => readCsvRecords('a,b\nx"y,c\n')).toThrow('line 2: a quote may only start a field');
  });
});

describe('volunteers CSV', () => {
  it('normalises card uids and phones, and keeps good rows when others are bad', () => {
    const csv = [
      'id,name,cards,phone',
      'V-1,张三丰,04:a1:b2:c3; 0x11223344 ,138 0013 8000',
      'V 2,,zz,12',
      'V-3,"Smith, John",,',
      'V-4,王五,04A1B2C3,',
      'V-1,Again,,',
      'V-5,Too few',
    ].join('\n');
    const { rows, problems } = parseVolunteerCsv(csv);
    expect(rows).toEqual([
      { line: 2, id: 'V-1', name: '张三丰', cards: ['04A1B2C3', '11223344'], phone: '13800138000' },
      { line: 4, id: 'V-3', name: 'Smith, John', cards: [] },
    ]);
    expect(problems).toEqual([
      { line: 3, message: 'id "V 2" must be 1 to 64 characters of A-Z a-z 0-9 _ -' },
      { line: 3, message: 'name must not be empty' },
      { line: 3, message: 'card 1: card uid is not valid: only hex digits and the separators ": - ." are allowed' },
      { line: 3, message: 'phone must be 5 to 20 digits, optionally with a leading +' },
      { line: 5, message: 'card …B2C3 already appears on line 2' },
      { line: 6, message: 'id V-1 already appears on line 2' },
      { line: 7, message: 'expected 4 fields (id,name,cards,phone), found 2' },
    ]);
  });

  it('refuses a file with the wrong header', () => {
    expect(parseVolunteerCsv('id,name,phone\nV-1,A,1\n')).toEqual({ rows: [], problems: [{ line: 1, message: 'the header must be exactly "id,name,cards,phone"' }] });
  });

  it('stores only a keyed hash of the phone, and re-import updates', async () => {
    const store = SqliteStore.inMemory();
    await store.migrate();
    const first = await importVolunteers(store, 'id,name,cards,phone\nV-1,张三丰,04A1B2C3,+86 138-0013-8000\n');
    expect(first).toEqual({ created: 1, updated: 0, problems: [] });
    const stored = await store.findVolunteer('V-1');
    expect(stored?.phoneHash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('13800138000');
    expect(stored?.phoneHash).toBe(hashPhone((await store.getMeta('phone-hash-key'))!, '+8613800138000'));
    const second = await importVolunteers(store, 'id,name,cards,phone\nV-1,张三,11223344,\nV-2,Li Lei,04A1B2C3,\n');
    expect(second).toEqual({ created: 1, updated: 1, problems: [] });
    expect(await store.findVolunteer('V-1')).toEqual({ id: 'V-1', name: '张三', cards: ['11223344'] });
    await store.close();
  });
});
