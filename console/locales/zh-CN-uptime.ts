/** Simplified Chinese for the console's Uptime view (vs-uptime-view.ts); spread into zh-CN.ts. */
export const uptimeTemplates = {
  'console.uptime.title': '在线率',
  'console.uptime.definition': '在线率 = 在线时间 ÷（在线 + 离线、画面卡住或黑屏的时间）。按时休眠和首次上线前的时间不计入。',
  'console.uptime.refresh': '刷新',
  'console.uptime.csv': '下载 CSV',
  'console.uptime.loading': '正在加载…',
  'console.uptime.site': '站点',
  'console.uptime.siteTotal': '站点合计',
  'console.uptime.device': '设备',
  'console.uptime.days7': '近 7 天',
  'console.uptime.days30': '近 30 天',
  'console.uptime.last24h': '近 24 小时',
  'console.uptime.station': '站点机',
  'console.uptime.kiosk': '终端',
  'console.uptime.noData': '无数据',
  'console.uptime.play': '播放记录',
  'console.uptime.none': '没有可显示的设备。',
};
