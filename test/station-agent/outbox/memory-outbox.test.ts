import { MemoryOutbox } from '../../../station-agent/outbox/memory-outbox.ts';
import { outboxContract } from './outbox-contract.ts';

outboxContract('MemoryOutbox', { create: () => new MemoryOutbox() });
