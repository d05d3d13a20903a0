// A small timing harness. Each case gets its own generated loop function, so the call to the
// measured operation is monomorphic and can be inlined the same way for every case.

export interface Measurement {
  readonly nsPerOp: number;
  readonly rounds: number[];
}

type Loop = (op: (i: number) => void, from: number, n: number) => void;

let loopsMade = 0;

function makeLoop(): Loop {
  // A fresh function per case, so that its call site only ever sees one `op`. The source differs
  // per case: V8 caches functions made from the same source text and they share what their call
  // sites have seen, so with one text every case after the second called `op` megamorphically
  // (about 3.5 ns more per call, and `op` no longer inlined), while the first two did not.
  loopsMade++;
  return new Function('op', 'from', 'n', `// case ${loopsMade}\nfor (let i = from, end = from + n; i < end; i++) op(i);`) as Loop;
}

/** Median ns/op over `rounds` rounds of at least `minMillis` each, after a warm-up. */
export function measure(op: (i: number) => void, { rounds = 7, minMillis = 200 } = {}): Measurement {
  const loop = makeLoop();
  // `i` runs on across rounds: a case cycling through more sets than one round records still
  // visits all of them, instead of the same first n every round.
  let next = 0;
  let n = 1000;
  // Warm up and size the round so it lasts about minMillis.
  for (;;) {
    const start = process.hrtime.bigint();
    loop(op, next, n);
    next += n;
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (elapsed >= minMillis / 4) {
      n = Math.max(1000, Math.ceil((n * minMillis) / elapsed));
      break;
    }
    n *= 4;
  }
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    loop(op, next, n);
    next += n;
    results.push(Number(process.hrtime.bigint() - start) / n);
  }
  const sorted = [...results].sort((a, b) => a - b);
  return { nsPerOp: sorted[Math.floor(sorted.length / 2)]!, rounds: results };
}
