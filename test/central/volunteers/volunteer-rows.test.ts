import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../central/volunteers/csv-records.ts';
import { importVolunteers } from '../../../central/volunteers/import-volunteers.ts';
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
  it('normalises card uids, ignores phones, and keeps good rows when others are bad', () => {
    const csv = [
      'id,name,cards,phone',
      'V-1,张三丰,04:a1:b2:c3; 0x11223344 ,138 0013 8000',
      'V 2,,zz,12',
      'V-3,"Smith, John",,',
      'V-4,王五,04A1B2C3,',
      'V-1,Again,,',
      'V-5,Too few',
    ].join('\n');
    const { rows, problems, phonesIgnored } = parseVolunteerCsv(csv);
    expect(rows).toEqual([
      { line: 2, id: 'V-1', name: '张三丰', cards: ['04A1B2C3', '11223344'] },
      { line: 4, id: 'V-3', name: 'Smith, John', cards: [] },
    ]);
    expect(phonesIgnored).toBe(1);
    expect(problems).toEqual([
      { line: 3, message: 'id "V 2" must be 1 to 64 characters of A-Z a-z 0-9 _ -' },
      { line: 3, message: 'name must not be empty' },
      { line: 3, message: 'card 1: card uid is not valid: only hex digits and the separators ": - ." are allowed' },
      { line: 5, message: 'card …B2C3 already appears on line 2' },
      { line: 6, message: 'id V-1 already appears on line 2' },
      { line: 7, message: 'expected 4 fields (id,name,cards,phone), found 2' },
    ]);
  });

  it('refuses a file with the wrong header, naming the accepted columns', () => {
    const message = 'the header must be exactly "id,name,cards", optionally followed by "phone" (ignored) and "team" (protocol v2), e.g. "id,name,cards,phone,team"';
    for (const header of ['id,name,phone', 'id,name,cards,team,team', 'id,name,cards,email']) {
      expect(parseVolunteerCsv(`${header}\nV-1,A,1\n`)).toEqual({ rows: [], problems: [{ line: 1, message }], phonesIgnored: 0 });
    }
  });

  it('reads an optional team column (protocol v2): a team id, or empty for none; a bad id is the row\'s problem', () => {
    expect(parseVolunteerCsv('id,name,cards,team\nV-1,张三丰,04A1B2C3,T-east\nV-2,Li Lei,,\nV-3,Bad,,no spaces\n')).toEqual({
      rows: [
        { line: 2, id: 'V-1', name: '张三丰', cards: ['04A1B2C3'], teamId: 'T-east' },
        { line: 3, id: 'V-2', name: 'Li Lei', cards: [], teamId: null },
      ],
      problems: [{ line: 4, message: expect.stringMatching(/^team "no spaces" must be /) }],
      phonesIgnored: 0,
    });
    expect(parseVolunteerCsv('id,name,cards,team,phone\nV-1,A,,T-1,13800138000\n')).toMatchObject({ rows: [{ id: 'V-1', teamId: 'T-1' }], phonesIgnored: 1 });
  });

  it('reads the header without the phone column, counting fields against it', () => {
    expect(parseVolunteerCsv('id,name,cards\nV-1,张三丰,04A1B2C3\nV-2,Li Lei,11223344,13800138000\n')).toEqual({
      rows: [{ line: 2, id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] }],
      problems: [{ line: 3, message: 'expected 3 fields (id,name,cards), found 4' }],
      phonesIgnored: 0,
    });
  });

  it('stores no phone number, nor any hash or key of one, says so, and re-import updates', async () => {
    const store = SqliteStore.inMemory();
    await store.migrate();
    const first = await importVolunteers(store, 'id,name,cards,phone\nV-1,张三丰,04A1B2C3,+86 138-0013-8000\nV-2,Li Lei,,not a phone\n');
    expect(first).toEqual({
      created: 2,
      updated: 0,
      problems: [],
      notes: ['the phone column was ignored on 2 row(s): central does not store phone numbers; the column can be left out'],
    });
    expect(await store.findVolunteer('V-1')).toEqual({ id: 'V-1', name: '张三丰', cards: ['04A1B2C3'] });
    expect(await store.getMeta('phone-hash-key')).toBeUndefined();
    const second = await importVolunteers(store, 'id,name,cards\nV-1,张三,11223344\nV-3,王五,04A1B2C3\n');
    expect(second).toEqual({ created: 1, updated: 1, problems: [], notes: [] });
    expect(await store.findVolunteer('V-1')).toEqual({ id: 'V-1', name: '张三', cards: ['11223344'] });
    await store.close();
  });
});
