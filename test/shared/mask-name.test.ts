import { describe, expect, it } from 'vitest';
import { maskName } from '../../shared/index.ts';

describe('public-screen name masking', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['王五', '王*'],
    ['李', '李*'],
    ['欧阳春晓', '欧**晓'],
    [' 赵  敏 ', '赵*'],
    ['John Smith', 'J*** S****'],
    ['Ana', 'A**'],
    ['Mary Jane Watson', 'M*** J*** W*****'],
    ['J', 'J*'],
    ['', '*'],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows more than the first and last character of a Chinese name', () => {
    const masked = maskName('司马相如');
    expect(masked).not.toContain('马');
    expect(masked).not.toContain('相');
  });
});
