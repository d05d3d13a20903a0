// Notices that the process which started the demo is gone (npm killed with SIGKILL, a wrapper
// that died without relaying the signal): an orphaned demo would hold its port and go on serving.
/**
 * Calls `onGone` once when this process's parent changes, checked every `intervalMillis`.
 * Does nothing when started by PID 1 or with no parent (a container's entrypoint, a daemon).
 * Returns a function that stops watching.
 */
export function watchParent(onGone: () => void, intervalMillis = 250): () => void {
  const parent = process.ppid;
  if (parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMillis);
  timer.unref();
  return () => clearInterval(timer);
}
