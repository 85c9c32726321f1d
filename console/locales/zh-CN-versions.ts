/** Simplified Chinese for the Content view's "Versions" section (vs-content-versions.ts); spread into zh-CN.ts. */
import { str } from '@lit/localize';

export const versionTemplates = {
  'console.versions.title': '版本',
  'console.versions.byFile': str`文件（${0}）`,
  'console.versions.notReported': '尚未上报',
  'console.versions.unknown': '版本未知',
  'console.versions.kioskVersion': str`版本 ${0}`,
  'console.versions.rolledBack': str`已回退到版本 ${0}：发布为版本 ${1}。`,
  'console.versions.col.version': '版本',
  'console.versions.col.at': '发布时间',
  'console.versions.col.by': '发布人',
  'console.versions.col.summary': '修改内容',
  'console.versions.current': '（当前）',
  'console.versions.rollBackTo': str`回退到版本 ${0}`,
  'console.versions.undoOne': str`版本 ${0} 所做的修改将被撤销。`,
  'console.versions.undoMany': str`版本 ${0} 至 ${1} 所做的修改将被撤销。`,
  'console.versions.confirmQuestion': str`回退到版本 ${0}？`,
  'console.versions.confirmWhat': str`该版本的内容将作为版本 ${0} 重新发布到所有站点的自助屏。`,
  'console.versions.confirm': '确认回退',
  'console.versions.rollingBack': '正在回退…',
  'console.versions.noKiosks': str`${0} 尚无自助屏上报。`,
  'console.versions.onLatest': str`${0} / ${1} 台自助屏运行版本 ${2}`,
  'console.versions.behind': '运行其他版本的自助屏',
};
