/** Simplified Chinese for the console's Alert emails view (vs-alert-emails-view.ts keeps its own words); spread into zh-CN.ts. */
export const alertEmailTemplates = {
  'console.nav.alertEmails': '告警邮件',
};
