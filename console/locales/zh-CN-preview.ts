/** Simplified Chinese for the Content view's kiosk preview (vs-kiosk-preview.ts); spread into zh-CN.ts. */
export const previewTemplates = {
  'console.preview.open': '预览',
  'console.preview.title': '自助屏预览',
  'console.preview.close': '关闭预览',
  'console.preview.notPublished': '尚未发布：草稿只在本页显示。',
  'console.preview.language': '自助屏语言',
  'console.preview.orientation': '屏幕方向',
  'console.preview.portrait': '竖屏',
  'console.preview.landscape': '横屏',
  'console.preview.screen': '页面',
  'console.preview.home': '首页',
  'console.preview.activities': '志愿活动',
  'console.preview.stations': '志愿服务站',
  'console.preview.frame': '显示草稿的自助屏',
};
