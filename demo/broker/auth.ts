/**
 * Optional username/password check for the embedded broker. Without users the
 * broker is anonymous (protocol v1 §Agent configuration: "an embedded demo broker
 * may allow anonymous clients"); with users, every client must log in as one.
 */
import { timingSafeEqual, createHash } from 'node:crypto';

/** username -> plain password. Demo accounts only: a real site runs Mosquitto with hashed passwords. */
export type BrokerUsers = Readonly<Record<string, string>>;

function digest(text: string | Buffer): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time comparison of a presented password with the expected one. */
export function checkBrokerLogin(users: BrokerUsers, username: string | undefined, password: Buffer | undefined): boolean {
  if (username === undefined || password === undefined) return false;
  const expected = Object.hasOwn(users, username) ? users[username] : undefined;
  if (expected === undefined) return false;
  // Hashing both sides gives equal lengths, which timingSafeEqual requires.
  return timingSafeEqual(digest(expected), digest(password));
}
