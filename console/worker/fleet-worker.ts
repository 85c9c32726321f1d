/// <reference lib="webworker" />
/** Entry of the console's fleet worker (built by vite from `new Worker(new URL(...))`). */
import type { ToFleetWorker } from './fleet-link-protocol.ts';
import { FleetLink } from './fleet-link.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const link = new FleetLink((message) => scope.postMessage(message));
scope.addEventListener('message', (event: MessageEvent<ToFleetWorker>) => link.handle(event.data));
