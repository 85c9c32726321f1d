/** Composition root of the fleet console: load the config, then mount the app. */
import { loadConsoleConfig } from './data/console-config.ts';
import './components/vs-console-app.ts';

async function main(): Promise<void> {
  const { config, problems } = await loadConsoleConfig(document.baseURI);
  for (const problem of problems) console.warn(`[console] ${problem}`);
  const app = document.createElement('vs-console-app');
  app.config = config;
  app.configProblems = problems;
  document.getElementById('boot')?.remove();
  document.body.append(app);
}

void main();
