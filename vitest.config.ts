import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The decorator options of the tsconfig.json nearest to `dir` below the root one: folders compiled
 * for legacy decorators (the NestJS test app and examples) carry their own tsconfig with
 * `experimentalDecorators`; everything else uses the root's standard decorators.
 */
function decoratorOptions(dir: string, cache: Map<string, ts.CompilerOptions>): ts.CompilerOptions {
  const known = cache.get(dir);
  if (known !== undefined) return known;
  let options: ts.CompilerOptions = {};
  const file = join(dir, 'tsconfig.json');
  if (dir !== root && dir.startsWith(root) && ts.sys.fileExists(file)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const { experimentalDecorators, emitDecoratorMetadata } = parsed?.options ?? {};
    options = { experimentalDecorators, emitDecoratorMetadata };
  } else if (dir !== root && dir.startsWith(root)) {
    options = decoratorOptions(dirname(dir), cache);
  }
  cache.set(dir, options);
  return options;
}

/**
 * Vite 8 transforms TypeScript with Oxc, which does not lower standard (TC39) decorators yet, and
 * Node does not run them. Files that use a decorator go through TypeScript's own transpiler
 * first, with the decorator dialect of the tsconfig that owns them; every other file keeps the
 * fast path.
 */
function decorators(): Plugin {
  const cache = new Map<string, ts.CompilerOptions>();
  return {
    name: 'decorators',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.ts')) return undefined;
      const legacy = decoratorOptions(dirname(id), cache);
      // Legacy files may hold only parameter decorators (`constructor(@Inject(X) x)`), not at a line start.
      if (legacy.experimentalDecorators === true ? !code.includes('@') : !/^\s*@[\w.]+(\(|\s*$)/m.test(code)) return undefined;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true, verbatimModuleSyntax: false, ...legacy },
      });
      return { code: out.outputText, map: out.sourceMapText };
    },
  };
}

export default defineConfig({
  plugins: [decorators()],
  test: {
    // The library's suite, and the tooling workspace's with its own config (tools/ops).
    projects: [{ extends: true, test: { name: 'library', include: ['test/**/*.test.ts'] } }, 'tools/ops'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests start real servers; files run in parallel, each on its own ephemeral ports.
    pool: 'forks',
  },
});
