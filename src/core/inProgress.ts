// The handle every domain class returns for something that lasts: `finish` records its end once.

/**
 * Something started and not yet finished: an execution, a request, a connection. `finish`
 * records its end; a second call is ignored, so counts of what is active cannot drift when
 * cleanup paths overlap.
 */
export interface InProgress<O = void> {
  finish(outcome: O): void;
}

/** A handle whose `finish` runs `onFinish` on its first call only. */
export function inProgress<O = void>(onFinish: (outcome: O) => void): InProgress<O> {
  let finished = false;
  return {
    finish: (outcome: O) => {
      if (finished) return;
      finished = true;
      onFinish(outcome);
    },
  };
}
