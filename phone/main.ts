/**
 * Composition root of the phone app: read this visit from the page, pick the language,
 * and mount the app with its data functions. Never a blank page: a failure says what to do.
 */
import { PhoneApp } from './components/phone-app.ts';
import { phoneApi } from './data/phone-api.ts';
import { canMakePasskey, createPasskey, usePasskey } from './data/passkeys.ts';
import { initialLang } from './data/strings.ts';
import { readVisit } from './data/visit.ts';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

try {
  const visit = readVisit(document, window.location);
  const app = new PhoneApp({
    api: phoneApi,
    passkeys: { canMakePasskey, createPasskey, usePasskey },
    lang: initialLang(storage(), navigator.language),
    storage: storage(),
    ...(visit ? { visit } : {}),
  });
  document.getElementById('boot')?.remove();
  document.body.append(app);
} catch (err) {
  console.error('phone: boot failed', err);
  const boot = document.getElementById('boot');
  if (boot) boot.textContent = '页面加载失败，请刷卡签到。 The page failed to load: tap your card instead.';
}
