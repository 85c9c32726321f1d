/** Composition root of the fleet console: load the config, pick the language, then mount the app. */
import { msg } from '@lit/localize';
import { loadConsoleConfig } from './data/console-config.ts';
import { initialLocale, switchConsoleLocale } from './locales/localization.ts';
import './components/vs-console-app.ts';

function titleForLocale(): void {
  document.title = msg('Fleet console · Volunteer stations', { id: 'console.pageTitle' });
}

async function main(): Promise<void> {
  const { config, problems, error } = await loadConsoleConfig(document.baseURI);
  if (error) console.warn(`[console] ${error.message}`);
  window.addEventListener('lit-localize-status', (event) => {
    if (event.detail.status === 'ready') titleForLocale();
  });
  // Not remembered: only the manager's own click on the switch is a choice worth keeping.
  await switchConsoleLocale(initialLocale(config.locale), { remember: false });
  titleForLocale();
  const app = document.createElement('vs-console-app');
  app.config = config;
  app.configProblems = problems;
  document.getElementById('boot')?.remove();
  document.body.append(app);
}

void main();
