/**
 * Public-screen name masking (protocol v1 §Payloads, Result.volunteer.displayName).
 * Chinese names keep the first and last character: 张三丰 -> 张*丰, 王五 -> 王*.
 * Latin names keep each word's initial: John Smith -> J*** S****.
 */

const HAN = /\p{Script=Han}/u;

export function maskName(fullName: string): string {
  const name = fullName.trim().replace(/\s+/g, ' ');
  if (name.length === 0) return '*';
  const chars = Array.from(name);
  // Chinese names are written without spaces; a stray space typed in a registry is not a word break.
  if (chars.some((c) => HAN.test(c))) return maskHanName(chars.filter((c) => c !== ' '));
  return name
    .split(' ')
    .map((word) => {
      const [first, ...rest] = Array.from(word);
      return `${first ?? ''}${'*'.repeat(Math.max(rest.length, 1))}`;
    })
    .join(' ');
}

function maskHanName(chars: string[]): string {
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
