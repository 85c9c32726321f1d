import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashMosquittoPassword, parsePasswdFile, renderPasswdFile, verifyMosquittoPassword } from '../../../broker-config/provision/passwd.ts';
import { tempDir } from '../../helpers/broker-harness.ts';

describe('Mosquitto $7$ password hashes', () => {
  it('writes PBKDF2-SHA512, 101 iterations, a 12-byte salt and a 64-byte key', () => {
    const hash = hashMosquittoPassword('secret');
    const [, tag, iterations, salt, key] = hash.split('$');
    expect(tag).toBe('7');
    expect(iterations).toBe('101');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(12);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
  });

  it('matches a known vector of mosquitto_passwd 2.0.11', () => {
    // Written by `mosquitto_passwd -b` for the password "secret".
    const salt = Buffer.from('2lWm/SbcudTgB5UA', 'base64');
    expect(hashMosquittoPassword('secret', salt)).toBe(
      '$7$101$2lWm/SbcudTgB5UA$p1MdyrSgG1You4yM0goBUXnUFv2KOBJW4oR23RG6Snc5//uS6tEteqDyc8N/FG9VrnTZJlq0ROySsl5+KP0naA==',
    );
  });

  it('verifies what mosquitto_passwd writes right now, and rejects a wrong password', () => {
    const file = join(tempDir('passwd-'), 'passwd');
    execFileSync('mosquitto_passwd', ['-c', '-b', file, 'ST-0001', 'correct horse']);
    const hash = parsePasswdFile(readFileSync(file, 'utf8')).get('ST-0001')!;
    expect(verifyMosquittoPassword('correct horse', hash)).toBe(true);
    expect(verifyMosquittoPassword('correct horsf', hash)).toBe(false);
  });

  it('treats malformed or foreign hashes as not matching instead of throwing', () => {
    expect(verifyMosquittoPassword('x', 'plain')).toBe(false);
    expect(verifyMosquittoPassword('x', '$6$101$abc$def')).toBe(false);
    expect(verifyMosquittoPassword('x', '$7$0$abc$def')).toBe(false);
  });

  it('round-trips a file sorted by user, skipping comments, and names a bad line', () => {
    const users = parsePasswdFile('# comment\nb:$7$x\n\na:$7$y\n');
    expect(renderPasswdFile(users)).toBe('a:$7$y\nb:$7$x\n');
    expect(() => parsePasswdFile('ok:$7$1\nno-colon\n')).toThrow(/line 2/);
  });
});
