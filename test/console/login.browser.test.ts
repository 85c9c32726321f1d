/** Sign-in against a Mosquitto with real accounts: a wrong password is refused with a clear message. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openConsole, startConsoleWorld, uniqueTopicRoot, type ConsoleWorld } from '../helpers/console-harness.ts';

let world: ConsoleWorld;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-login-'));
  const passwordFile = join(dir, 'passwords');
  writeFileSync(passwordFile, '');
  execFileSync('mosquitto_passwd', ['-b', passwordFile, 'manager', 'right-password']);
  // Run as root, Mosquitto drops to its own user, which must still read the file.
  chmodSync(dir, 0o755);
  chmodSync(passwordFile, 0o644);
  world = await startConsoleWorld({ passwordFile });
});

afterAll(async () => {
  await world?.close();
});

it('refuses a wrong password with a clear message, then signs in with the right one', async () => {
  const config = { brokerUrl: world.broker.wsUrl, topicRoot: uniqueTopicRoot() };
  const page = await openConsole(world, config, { signIn: false });
  await page.getByLabel('Manager username').fill('manager');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.locator('[data-login-error]').innerText().catch(() => ''), { timeout: 15_000 }).toBe('The broker refused this username or password.');

  await page.getByLabel('Password').fill('right-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-connection="connected"]').waitFor({ timeout: 15_000 });
  expect(await page.getByText('No stations yet').count()).toBe(1);
  await page.context().close();
});
