// Writes the exposition to a .prom file for node_exporter's textfile collector, atomically: the
// collector (or a reader racing a crash) sees the previous complete file or the new one, never half.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DiagnosticsSink } from '../core/DiagnosticsSink.js';

export class TextfileWriter {
  private failing = false;
  /** Writes run one after another: an interval write and the final write never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private leftoversRemoved = false;

  constructor(readonly path: string, private readonly sink: DiagnosticsSink) {}

  /**
   * Writes `exposition` to a temporary file in the same directory (a rename is atomic only within
   * one file system), flushes it to disk, then renames it over the target. The temporary name
   * does not end in ".prom", so the collector never reads it. Resolves true on success; never
   * rejects: a failure is reported through the sink and the temporary file removed.
   */
  write(exposition: string, { final = false }: { final?: boolean } = {}): Promise<boolean> {
    const run = this.queue.then(() => this.writeNow(exposition, final));
    this.queue = run;
    return run;
  }

  private async writeNow(exposition: string, final: boolean): Promise<boolean> {
    if (!this.leftoversRemoved) {
      this.leftoversRemoved = true;
      await removeLeftovers(this.path);
    }
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const file = await open(temporary, 'w', 0o644);
      try {
        await file.writeFile(exposition, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
      await syncDirectory(dirname(this.path));
      if (this.failing) this.sink.write(`writing ${this.path} succeeded again`);
      this.failing = false;
      return true;
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      if (final) this.sink.write(`the final write of ${this.path} failed (${reason}); the file keeps its previous content`);
      else if (!this.failing) this.sink.write(`writing ${this.path} failed (${reason}); writes continue every interval, and this is reported again when one succeeds`);
      this.failing = true;
      return false;
    }
  }
}

/** Makes the rename itself durable; some platforms cannot open a directory, which loses nothing but that. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here (Windows); the rename is still atomic
  }
}

/**
 * A process killed between writing and renaming leaves its temporary file behind (harmless to the
 * collector, which reads only *.prom); the next writer of the same file removes those whose
 * process is gone, never one a live writer is still using.
 */
async function removeLeftovers(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  try {
    for (const name of await readdir(dirname(path))) {
      const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length)) : null;
      if (match && !isAlive(Number(match[1]))) await unlink(join(dirname(path), name)).catch(() => undefined);
    }
  } catch {
    // an unreadable directory fails the write itself, which reports it
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
