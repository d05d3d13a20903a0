// A process whose only health check hangs, probed once and then left to end: it prints how long
// after its start it exited, so a test can see whether the check's timeout timer held it open.
import { HealthRegistry } from '../../../src/health/HealthRegistry.js';

const registry = new HealthRegistry();
registry.register({ name: 'slow-db', timeoutMillis: 8000, check: () => new Promise<never>(() => {}) });
void registry.evaluate('readiness');
registry.beginShutdown();
process.on('exit', () => process.stdout.write(JSON.stringify({ exitedAfterMillis: Math.round(performance.now()) })));
