/** Simplified Chinese for the console's Content view (vs-content-view.ts); spread into zh-CN.ts. */
import { str } from '@lit/localize';

export const contentTemplates = {
  'console.content.title': '内容',
  'console.content.saved': str`已发布为版本 ${0}。`,
  'console.content.version': str`版本 ${0}`,
  'console.content.col.activity': '活动',
  'console.content.col.category': '类别',
  'console.content.col.when': '时间',
  'console.content.col.place': '地点',
  'console.content.edit': '编辑',
  'console.content.remove': '删除',
  'console.content.new': '新建活动',
  'console.content.titleZh': '标题（中文）',
  'console.content.titleEn': '标题（英文）',
  'console.content.placeZh': '地点（中文）',
  'console.content.placeEn': '地点（英文）',
  'console.content.organiserZh': '主办方（中文）',
  'console.content.organiserEn': '主办方（英文）',
  'console.content.date': '日期',
  'console.content.starts': '开始时间',
  'console.content.ends': '结束时间',
  'console.content.save': '保存并发布',
};
