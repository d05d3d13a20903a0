// README examples kept equal to files that the tests compile: the code blocks of a README section,
// and an example file as the README shows it (its opening comment dropped, imports of the
// package's sources written as the package's own specifiers).
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/** The ```ts blocks of the README section under `heading` (up to the next heading of its level or above). */
export function readmeBlocks(heading: string): string[] {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const start = readme.split('\n').findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const level = heading.indexOf(' ');
  const lines = readme.split('\n').slice(start + 1);
  const end = lines.findIndex((line) => /^#+ /.test(line) && line.indexOf(' ') <= level);
  const section = (end < 0 ? lines : lines.slice(0, end)).join('\n');
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** The example file at `path` (from the repository root) as its README block reads. */
export function exampleAsReadme(path: string): string {
  const lines = readFileSync(new URL(path, root), 'utf8').split('\n');
  const firstCode = lines.findIndex((line) => !line.startsWith('//'));
  return lines
    .slice(firstCode)
    .join('\n')
    .replace(/'(?:\.\.\/)+src\/index\.js'/g, "'otel-domain-metrics'")
    .replace(/'(?:\.\.\/)+src\/integrations\/(\w+)\.js'/g, "'otel-domain-metrics/$1'")
    .replace(/'(?:\.\.\/)+src\/testing\/index\.js'/g, "'otel-domain-metrics/testing'");
}
