// Forced garbage collection without a command-line flag, for heap figures taken after GC.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The memory in use once everything unreachable is collected (several passes: weak refs,
 * finalisers): the JS heap and the contents of ArrayBuffers and typed arrays, which live outside
 * the heap once larger than a few dozen bytes.
 */
export function memoryUsedAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

export function collectGarbage(): void {
  gc();
}
