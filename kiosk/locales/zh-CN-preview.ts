/** Simplified Chinese for the console's preview of the kiosk (components/preview-app.ts); spread into zh-CN.ts. */
export const previewTemplates = {
  'preview.invalid': '此草稿无法在自助屏上显示',
  'preview.waiting': '正在等待草稿…',
};
