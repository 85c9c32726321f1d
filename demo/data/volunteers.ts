/**
 * Twenty invented demo volunteers: mostly Chinese names and a couple of Latin ones.
 * None is a person named in the article the demo content is based on. Card uids are
 * 10 hex digits, as an EM4100 (RDM6300) card reads; phone numbers are placeholders.
 */

export interface DemoVolunteer {
  id: string;
  name: string;
  cardUid: string;
  phone: string;
  /** Protocol v2: the volunteer's team (DEMO_TEAMS). */
  team: string;
}

/** Two teams; the volunteers alternate between them. */
export const DEMO_TEAMS = [
  { id: 'T-canteen', name: '长者饭堂服务队' },
  { id: 'T-mending', name: '便民维修服务队' },
] as const;

const NAMES = [
  '陈晓燕', '孙立国', '赵敏', '周建华', '吴桂兰', '郑海涛', '冯丽娟', '何子轩', '高秀英', '林浩',
  '马春梅', '罗志强', '梁雨桐', '宋德明', '韩雪', '唐文博', '许凤霞', '邓一鸣', 'Anna Keller', 'Tom Baxter',
];

export const DEMO_VOLUNTEERS: readonly DemoVolunteer[] = NAMES.map((name, index) => {
  const n = index + 1;
  return {
    id: `V${String(n).padStart(4, '0')}`,
    name,
    cardUid: `1A${n.toString(16).toUpperCase().padStart(8, '0')}`,
    phone: `1380000${String(n).padStart(4, '0')}`,
    team: DEMO_TEAMS[index % DEMO_TEAMS.length]!.id,
  };
});

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV that `central volunteers import` reads (header `id,name,cards,phone,team`). */
export function demoVolunteersCsv(volunteers: readonly DemoVolunteer[] = DEMO_VOLUNTEERS): string {
  const rows = volunteers.map((v) => [v.id, v.name, v.cardUid, v.phone, v.team].map(csvField).join(','));
  return `id,name,cards,phone,team\n${rows.join('\n')}\n`;
}

/** The CSV that `central teams import` reads (header `id,name,leader`). */
export function demoTeamsCsv(): string {
  const leaderOf = (teamId: string) => DEMO_VOLUNTEERS.find((v) => v.team === teamId)?.id ?? '';
  return `id,name,leader\n${DEMO_TEAMS.map((t) => [t.id, t.name, leaderOf(t.id)].join(',')).join('\n')}\n`;
}

/** A random uid no demo volunteer holds, for the "unknown card" tap. */
export function unknownCardUid(random: () => number = Math.random): string {
  const hex = Array.from({ length: 8 }, () => Math.floor(random() * 16).toString(16).toUpperCase()).join('');
  return `FF${hex}`;
}

export function randomDemoVolunteer(random: () => number = Math.random): DemoVolunteer {
  return DEMO_VOLUNTEERS[Math.floor(random() * DEMO_VOLUNTEERS.length)] ?? DEMO_VOLUNTEERS[0]!;
}
