// What the library's neighbours may import of it: the examples, the benchmarks, the build scripts
// and the tooling workspace (tools/) use the public entries only (the package's "exports" map), as
// a user would; only the library's own test suite (test/) reaches internals.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const NAME = 'otel-domain-metrics';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import?: { default?: string } }>;
};

/** Public entry → its source file, from the "exports" map (`./dist/esm/x.js` is built from `src/x.ts`). */
const entries = new Map<string, string>();
for (const [subpath, target] of Object.entries(manifest.exports)) {
  const built = typeof target === 'string' ? undefined : target.import?.default;
  if (built === undefined) continue;
  entries.set(subpath === '.' ? NAME : `${NAME}/${subpath.slice(2)}`, built.replace(/^\.\/dist\/esm\//, 'src/').replace(/\.js$/, '.ts'));
}
const publicSources = new Set(entries.values());

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mts|js|mjs|cjs)$/.test(file) && !file.split(/[\\/]/).includes('node_modules'))
    .map((file) => join(dir, file));
}

/** Every module specifier a file names: static imports, re-exports, dynamic imports and require. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The library file a relative specifier names, as a path from the root, or undefined outside src/. */
function libraryFile(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(root, resolve(dirname(join(root, file)), specifier)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
  return target.startsWith('src/') ? target : undefined;
}

/** Files of the root package that are not the library: they may name a public entry's source file. */
const NEIGHBOURS = ['examples', 'bench', 'scripts'];
/** Separate workspace packages: they import the library by its package name only. */
const WORKSPACES = ['tools'];

describe('imports of the library from outside it', () => {
  it('derives the public entries from the exports map', () => {
    expect(entries.get(NAME)).toBe('src/index.ts');
    expect(publicSources.size).toBe(entries.size);
    expect(sourceFiles('tools').length).toBeGreaterThan(20);
  });

  it.each(NEIGHBOURS)('%s/ imports only public entries (src/index.ts or a src/integrations entry)', (dir) => {
    const internal = sourceFiles(dir).flatMap((file) =>
      specifiers(file)
        .map((s) => libraryFile(file, s))
        .filter((target): target is string => target !== undefined && !publicSources.has(target))
        .map((target) => `${file} → ${target}`),
    );
    expect(internal).toEqual([]);
  });

  it.each(WORKSPACES)('%s/ imports the library by its package name and public subpaths only, never by relative path', (dir) => {
    const files = sourceFiles(dir);
    const wrong = files.flatMap((file) =>
      specifiers(file)
        .filter((s) => libraryFile(file, s) !== undefined || (s.startsWith(NAME) && (s === NAME || s.startsWith(`${NAME}/`)) && !entries.has(s)))
        .map((s) => `${file} → ${s}`),
    );
    expect(wrong).toEqual([]);
    expect(files.filter((file) => specifiers(file).includes(NAME)).length).toBeGreaterThan(10);
  });
});
