/**
 * Layering rules from DESIGN.md ("Layers of the code"): a file may import only from its own layer
 * or a layer below it, and the portable layers (backends … apps) import nothing from `node:`.
 * Run by `npm run lint` as part of `npm test`.
 */
// Lowest first. Folders on one line share a layer and must not import each other.
const LAYERS = [
  ['backends'],
  ['core'],
  ['io'],
  ['nn', 'optim', 'losses', 'metrics', 'data'],
  ['train'],
  ['explain', 'privacy', 'compress', 'tune'],
  ['apps'],
  // Node-only services the faces share: model folders on disk, file-writing callbacks.
  ['node'],
  ['serve', 'dashboard'],
  // The command line launches the other faces (`sprout serve`), so it sits on top of them.
  ['cli'],
];
const PORTABLE = ['backends', 'core', 'io', 'nn', 'optim', 'losses', 'metrics', 'data', 'train', 'explain', 'privacy', 'compress', 'tune', 'apps'];

const folder = (names) => `^src/(${names.join('|')})/`;
const forbidden = [];

LAYERS.forEach((layer, rank) => {
  const above = LAYERS.slice(rank + 1).flat();
  if (above.length > 0) {
    forbidden.push({
      name: `layer-${layer.join('-')}-imports-upward`,
      comment: `${layer.join(', ')} may not import from the layers above it (${above.join(', ')})`,
      severity: 'error',
      from: { path: folder(layer) },
      to: { path: folder(above) },
    });
  }
  for (const own of layer) {
    const siblings = layer.filter((other) => other !== own);
    if (siblings.length === 0) continue;
    forbidden.push({
      name: `layer-${own}-imports-sibling`,
      comment: `${own} may not import from its siblings in the same layer (${siblings.join(', ')}); move shared code down a layer`,
      severity: 'error',
      from: { path: folder([own]) },
      to: { path: folder(siblings) },
    });
  }
});

forbidden.push(
  {
    name: 'portable-imports-node',
    comment: 'src/backends … src/apps run in browsers too: no node: built-ins (DESIGN.md, principle 7)',
    severity: 'error',
    from: { path: folder(PORTABLE) },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'src-imports-tests-or-tools',
    comment: 'library code may not import tests, tools or examples',
    severity: 'error',
    from: { path: '^src/' },
    to: { path: '^(test|tools|examples)/' },
  },
  {
    name: 'unknown-top-level-folder',
    comment: 'every file under src/ lives in a layer folder named in DESIGN.md (or is src/index.ts)',
    severity: 'error',
    from: { path: '^src/', pathNot: `${folder(LAYERS.flat())}|^src/index\\.ts$` },
    to: {},
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
