// Every type a public signature names is exported from the public entry: walks the declarations
// src/index.ts exports with the TypeScript compiler and lists the package's own types their
// signatures use (parameters, results, fields, type arguments) that a user cannot import.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const ENTRY = `${SRC}index.ts`;

function unexportedTypes(): string[] {
  const program = ts.createProgram([ENTRY], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(ENTRY)!)!;
  const resolve = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const exported = new Set(checker.getExportsOfModule(entry).map(resolve));
  const missing = new Map<string, Set<string>>();

  const visit = (node: ts.Node, owner: string): void => {
    // Bodies and initialisers are implementation; private members are not part of the surface.
    if (ts.isBlock(node) || (ts.isPropertyDeclaration(node) && node.initializer !== undefined && node.type === undefined)) return;
    if ((ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node)) && (ts.isPrivateIdentifier(node.name) || ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private)) return;
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const name = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
      const symbol = checker.getSymbolAtLocation(name);
      if (symbol !== undefined) {
        const target = resolve(symbol);
        const declaration = target.declarations?.[0];
        const ownType = declaration !== undefined && declaration.getSourceFile().fileName.startsWith(SRC) && !(target.flags & ts.SymbolFlags.TypeParameter);
        if (ownType && !exported.has(target)) {
          if (!missing.has(target.name)) missing.set(target.name, new Set());
          missing.get(target.name)!.add(owner);
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };

  for (const symbol of exported) {
    for (const declaration of symbol.declarations ?? []) {
      // A class's inferred field types are read through its declaration; a const's through its type annotation only.
      visit(ts.isVariableDeclaration(declaration) ? (declaration.type ?? declaration.name) : declaration, symbol.name);
    }
  }
  return [...missing].map(([name, owners]) => `${name} (used by ${[...owners].sort().join(', ')})`).sort();
}

it('every type of the package that a public signature names is exported from src/index.ts', () => {
  expect(unexportedTypes()).toEqual([]);
});
