// Forced garbage collection without a command-line flag, for heap figures taken after GC.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use once everything unreachable is collected (several passes: weak refs, finalisers). */
export function heapUsedAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

export function collectGarbage(): void {
  gc();
}
