/**
 * Alert email subscriptions (issue 14; protocol v2 §Alert subscriptions): a manager
 * account subscribes addresses to the alerts of chosen sites, with quiet hours and a
 * daily digest, in the programme's time zone. The console and central validate with
 * these schemas; the messages are bilingual because the console shows them as they are.
 */
import * as v from 'valibot';
import { IdSchema } from '../schema-kit.ts';

/** `HH:MM`, 00:00 … 23:59. */
export const TimeOfDaySchema = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '须为 24 小时制时间 HH:MM（如 08:00） / must be a 24-hour time HH:MM, e.g. 08:00'));

export const AlertSubscriptionSchema = v.pipe(
  v.strictObject({
    email: v.pipe(v.string(), v.trim(), v.email('不是有效的电子邮件地址 / is not a valid email address')),
    /** `all` (city managers only) or the site ids. */
    sites: v.union(
      [v.literal('all'), v.pipe(v.array(IdSchema), v.minLength(1, '至少选择一个场地 / choose at least one site'))],
      '须为 "all" 或场地列表 / must be "all" or a list of sites',
    ),
    /** Local window without immediate mail; `from` after `to` crosses midnight (22:00–07:00). */
    quietHours: v.optional(
      v.pipe(
        v.strictObject({ from: TimeOfDaySchema, to: TimeOfDaySchema }),
        v.check((q) => q.from !== q.to, '免打扰开始与结束不能相同 / quiet hours must not start and end at the same time'),
      ),
    ),
    immediate: v.boolean('须为 true 或 false / must be true or false'),
    /** Local time of the daily digest; absent: no digest. */
    digestAt: v.optional(TimeOfDaySchema),
  }),
  v.check((s) => s.immediate || s.digestAt !== undefined, '请选择即时邮件或每日摘要（或两者） / choose immediate mail, a daily digest, or both'),
);

export const AlertSubscriptionsRequestSchema = v.strictObject({
  subscriptions: v.pipe(
    v.array(AlertSubscriptionSchema),
    v.maxLength(20, '最多 20 个地址 / at most 20 addresses'),
    v.check((list) => new Set(list.map((s) => s.email.toLowerCase())).size === list.length, '每个地址只能出现一次 / each address may appear once'),
  ),
});

export type AlertSubscription = v.InferOutput<typeof AlertSubscriptionSchema>;
export type AlertSubscriptionsRequest = v.InferOutput<typeof AlertSubscriptionsRequestSchema>;
