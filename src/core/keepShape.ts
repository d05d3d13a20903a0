// V8 compiles hot code for the hidden classes ("maps") of the objects it has seen there. A class's
// map lives only while some object has it: the objects of one scrape or one export are all gone by
// the next full garbage collection, which then frees their maps and throws away every piece of
// optimized code that relied on them. The next scrape runs unoptimized, several times slower, until
// V8 compiles it again; in a busy service that is every scrape. One object of each such class,
// kept for the life of the process, keeps its map and so the compiled code.

const kept: object[] = [];

/** Keeps `exemplar` alive for good, and with it the hidden class of objects built like it. */
export function keepShape<T extends object>(exemplar: T): T {
  kept.push(exemplar);
  return exemplar;
}
