import ts from 'typescript';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * Vite 8 transforms TypeScript with Oxc, which does not lower standard (TC39) decorators yet, and
 * Node does not run them. Files that use a decorator go through TypeScript's own transpiler
 * first; every other file keeps the fast path.
 */
function standardDecorators(): Plugin {
  return {
    name: 'standard-decorators',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.ts') || !/^\s*@[\w.]+(\(|\s*$)/m.test(code)) return undefined;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true, verbatimModuleSyntax: false },
      });
      return { code: out.outputText, map: out.sourceMapText };
    },
  };
}

export default defineConfig({
  plugins: [standardDecorators()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e tests start real servers; files run in parallel, each on its own ephemeral ports.
    pool: 'forks',
  },
});
