/**
 * Demo rewards catalogue (爱心超市) with stock at each demo site, as the content file's
 * `rewards` section. Goods are what community points shops in the seed's city stock:
 * daily necessities, groceries, small household items. Some stock is low or out, so the
 * kiosk's Rewards screen shows all three availability texts.
 */
import type { RewardItem } from '../../shared/index.ts';

const n = (zh: string, en: string) => ({ zh, en });

export const DEMO_REWARDS: Record<string, RewardItem[]> = {
  'SITE-LIUYI': [
    { id: 'rice-5kg', name: n('东北大米 5 公斤', 'Rice, 5 kg'), price: 30, stock: 12, monthlyLimit: 1 },
    { id: 'cooking-oil', name: n('花生油 1.8 升', 'Peanut oil, 1.8 l'), price: 25, stock: 2, monthlyLimit: 1 },
    { id: 'towel', name: n('纯棉毛巾', 'Cotton towel'), price: 8, stock: 40 },
    { id: 'laundry', name: n('洗衣液', 'Laundry liquid'), price: 12, stock: 0 },
  ],
  'SITE-STATION': [
    { id: 'umbrella', name: n('折叠雨伞', 'Folding umbrella'), price: 20, stock: 6 },
    { id: 'water-bottle', name: n('保温水杯', 'Vacuum flask'), price: 18, stock: 3 },
    { id: 'bus-card-topup', name: n('公交卡充值 10 元', 'Bus card top-up, ¥10'), price: 15, stock: 50, monthlyLimit: 2 },
  ],
  'SITE-QIYUE': [
    { id: 'eggs', name: n('鸡蛋 一盒', 'Eggs, one box'), price: 10, stock: 20, monthlyLimit: 2 },
    { id: 'soap', name: n('香皂', 'Soap'), price: 4, stock: 60 },
    { id: 'reading-glasses', name: n('老花镜', 'Reading glasses'), price: 16, stock: 1 },
  ],
  'SITE-CHENGNAN': [
    { id: 'notebook', name: n('笔记本与笔', 'Notebook and pen'), price: 6, stock: 30 },
    { id: 'toothpaste', name: n('牙膏牙刷套装', 'Toothpaste and brush'), price: 7, stock: 25 },
    { id: 'noodles', name: n('挂面 2 公斤', 'Noodles, 2 kg'), price: 12, stock: 0 },
  ],
};
