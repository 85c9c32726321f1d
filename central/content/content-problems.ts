/**
 * What the content admin API says about an edit, beside each field of the console's
 * form: every problem of the shared schemas (and content-checks.ts) with its field path
 * and a message in zh and en, and the missing translations, which are warnings.
 * The schemas speak English; the Chinese is looked up here by the English message, and
 * a message without a Chinese line is shown with a generic Chinese lead and the English.
 */
import { SERVICE_CATEGORIES, type LocalizedText, type Problem } from '../../shared/index.ts';

export interface BilingualProblem {
  /** Dot path into the request body, e.g. `activities.2.startsAt`. */
  path: string;
  message: LocalizedText;
}

const categoryInChinese = (slug: string) => (Object.hasOwn(SERVICE_CATEGORIES, slug) ? `${SERVICE_CATEGORIES[slug as keyof typeof SERVICE_CATEGORIES].zh}（${slug}）` : slug);

type Rule = [RegExp, (match: RegExpExecArray) => string];

const ZH_RULES: Rule[] = [
  [/^must not be empty$/, () => '不能为空'],
  [/^must be an ISO-8601 UTC time/, () => '时间格式应为 ISO-8601 UTC（含毫秒），例如 2026-11-29T08:30:00.000Z'],
  [/^must be a real calendar time$/, () => '不是真实存在的日期时间'],
  [/^endsAt must be after startsAt$/, () => '结束时间必须晚于开始时间'],
  [/^showUntil must be after showFrom$/, () => '显示结束时间必须晚于显示开始时间'],
  [/^must be a calendar date YYYY-MM-DD$/, () => '须为真实存在的日期 YYYY-MM-DD'],
  [/^must be on or after the first day \(from\)$/, () => '不能早于第一天（from）'],
  [/^must be 1 to 64 characters/, () => '须为 1 至 64 个字符，仅限 A-Z a-z 0-9 _ -'],
  [/^must be one of (.*)$/, (m) => `须为以下之一：${m[1]!.split(', ').map(categoryInChinese).join('、')}`],
  [/^must be an http\(s\) URL/, () => '须为 http(s) 网址，例如 https://volunteer.example.org/join'],
  [/^must be true, or left out when the activity goes ahead$/, () => '须为 true，活动照常进行时请省略'],
  [/^must be a 24-hour time HH:MM$/, () => '须为 24 小时制时间 HH:MM'],
  [/^closes must be after opens$/, () => '关门时间必须晚于开门时间'],
  [/^must be 1 \(protocol v1\)$/, () => '须为 1（协议 v1）'],
  [/^Invalid key: Expected never but received "(.*)"$/, (m) => `未知字段“${m[1]}”，请删除`],
  [/^Invalid key: Expected "(.*)" but received undefined$/, () => '必填'],
  [/^Invalid type: Expected (\S+) but received (.*)$/, (m) => `类型不对：应为 ${m[1]}，收到 ${m[2]}`],
  [/^Invalid length: Expected >=1/, () => '至少需要一项'],
  [/^Invalid value: Expected [<>]=?/, () => '超出允许范围'],
  [/^(.*) is already listed at (.*)$/, (m) => `${m[1]} 已在 ${m[2]} 列出`],
  [/^(.*) appears twice for this site$/, (m) => `${m[1]} 在本站点出现了两次`],
  [/^(.*) is already used at (.*)$/, (m) => `${m[1]} 已在 ${m[2]} 使用`],
  [/^no station of the directory is at site (\S+);/, (m) => `站点目录中没有位于站点 ${m[1]} 的服务站；请添加该站点的服务站或更正站点编号`],
  [/^(\w+) must be (a number|a whole number|at least 1|not be negative)$/, (m) => `${m[1]} 须为${m[2] === 'a number' ? '数字' : m[2] === 'a whole number' ? '整数' : m[2] === 'at least 1' ? '不小于 1 的数' : '非负数'}`],
  [/^must be a whole number$/, () => '须为整数'],
  [/^must not be negative$/, () => '不能为负数'],
  [/^must be at least 1$/, () => '须不小于 1'],
  [/^must be a media id \(64 hex digits\)/, () => '须为上传照片得到的编号（64 位十六进制），请在表单中重新上传照片'],
  [/^no uploaded photo has the id /, () => '找不到这张照片（可能未上传成功），请重新上传照片或删除它'],
  [/^must be (a|the) version number/, () => '须为版本号（GET /api/content 返回的 version）'],
];

export function inChinese(message: string): string {
  for (const [pattern, zh] of ZH_RULES) {
    const match = pattern.exec(message);
    if (match) return zh(match);
  }
  return `内容不符合要求：${message}`;
}

export function bilingual({ path, message }: Problem): BilingualProblem {
  return { path, message: { zh: inChinese(message), en: message } };
}

const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';
const isText = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * A `{zh, en}` text with one side filled and the other blank is a missing translation:
 * the kiosk's schema needs both, so the filled side stands in for the blank one (a kiosk
 * in English shows the Chinese rather than nothing) and the edit gets a warning at the
 * blank side's path. Texts with both sides blank are left for the schema to refuse.
 * Returns a copy; the input is not changed.
 */
export function fillMissingTranslations(input: unknown, path = ''): { value: unknown; warnings: BilingualProblem[] } {
  const warnings: BilingualProblem[] = [];
  const walk = (value: unknown, here: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => walk(item, here === '' ? String(index) : `${here}.${index}`));
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && 'zh' in record && 'en' in record) {
      const sub = (key: string) => (here === '' ? key : `${here}.${key}`);
      if (isText(record.zh) && isBlank(record.en)) {
        warnings.push({ path: sub('en'), message: { zh: '缺少英文翻译：信息屏英文界面将显示中文', en: 'the English text is missing: kiosks in English show the Chinese' } });
        return { zh: record.zh, en: record.zh };
      }
      if (isText(record.en) && isBlank(record.zh)) {
        warnings.push({ path: sub('zh'), message: { zh: '缺少中文：信息屏中文界面将显示英文', en: 'the Chinese text is missing: kiosks in Chinese show the English' } });
        return { zh: record.en, en: record.en };
      }
    }
    return Object.fromEntries(keys.map((key) => [key, walk(record[key], here === '' ? key : `${here}.${key}`)]));
  };
  return { value: walk(input, path), warnings };
}
