import { describe, expect, it } from 'vitest';
import { bilingual, fillMissingTranslations, inChinese } from '../../../central/content/content-problems.ts';
import { describeChange } from '../../../central/content/content-diff.ts';

describe('fillMissingTranslations', () => {
  it('fills a blank side from the other, warns at the blank side, and leaves the input alone', () => {
    const input = { activities: [{ title: { zh: '社区义诊', en: '' }, place: { zh: ' ', en: 'Park' }, organiser: { zh: '团委', en: 'Youth League' } }] };
    const { value, warnings } = fillMissingTranslations(input);
    expect(value).toEqual({ activities: [{ title: { zh: '社区义诊', en: '社区义诊' }, place: { zh: 'Park', en: 'Park' }, organiser: { zh: '团委', en: 'Youth League' } }] });
    expect(warnings.map((w) => w.path)).toEqual(['activities.0.title.en', 'activities.0.place.zh']);
    expect(warnings[0]!.message.zh).toContain('缺少英文');
    expect(input.activities[0]!.title.en).toBe('');
  });

  it('leaves both sides blank for the schema to refuse, and objects that are not texts as they are', () => {
    const input = { title: { zh: '', en: '' }, location: { lat: 1, lon: 2 }, named: { zh: 'x', en: '', extra: 1 } };
    expect(fillMissingTranslations(input)).toEqual({ value: input, warnings: [] });
  });
});

describe('bilingual problems', () => {
  it('says the shared schemas\' messages in Chinese, and the English of one it does not know', () => {
    expect(bilingual({ path: 'activities.1.startsAt', message: 'must be a real calendar time' })).toEqual({ path: 'activities.1.startsAt', message: { zh: '不是真实存在的日期时间', en: 'must be a real calendar time' } });
    expect(inChinese('must be one of civilised-traffic, science')).toBe('须为以下之一：文明交通（civilised-traffic）、科学普及（science）');
    expect(inChinese('Invalid key: Expected "place" but received undefined')).toBe('必填');
    expect(inChinese('Invalid key: Expected never but received "colour"')).toBe('未知字段“colour”，请删除');
    expect(inChinese('showUntil must be after showFrom')).toBe('显示结束时间必须晚于显示开始时间');
    expect(inChinese('must be on or after the first day (from)')).toBe('不能早于第一天（from）');
    expect(inChinese('must be a calendar date YYYY-MM-DD')).toBe('须为真实存在的日期 YYYY-MM-DD');
    expect(inChinese('must be true, or left out when the activity goes ahead')).toBe('须为 true，活动照常进行时请省略');
    expect(inChinese('something new')).toBe('内容不符合要求：something new');
  });

  it('words a change in both languages', () => {
    expect(describeChange({ section: 'directory', added: [], removed: ['ST-0002'], changed: ['ST-0001'] })).toEqual({ zh: '站点目录：删除 ST-0002；修改 ST-0001', en: 'station directory: removed ST-0002; changed ST-0001' });
  });
});
