/**
 * The layering check in `npm run lint` must reject an import that points up the layers of
 * DESIGN.md and a `node:` import in portable code, and accept downward imports. The check runs on a
 * small throw-away tree laid out like src/ with the project's own rules.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sprout-layers-'));
  try {
    cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    try {
      const { stdout } = await run(depcruise, ['src', '--config', '.dependency-cruiser.cjs'], { cwd: dir });
      return { code: 0, output: stdout };
    } catch (error) {
      const failure = error as { code: number; stdout: string };
      return { code: failure.code, output: failure.stdout };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('downward imports pass the layering check', async () => {
  const result = await cruise({
    'src/core/tensor.ts': "import { k } from '../backends/kernel.js';\nexport const t = k;\n",
    'src/backends/kernel.ts': 'export const k = 1;\n',
    'src/nn/linear.ts': "import { t } from '../core/tensor.js';\nexport const l = t;\n",
  });
  assert.equal(result.code, 0, result.output);
});

test('an import from a higher layer fails the layering check and names the rule', async () => {
  const result = await cruise({
    'src/core/tensor.ts': "import { l } from '../nn/linear.js';\nexport const t = l;\n",
    'src/nn/linear.ts': 'export const l = 1;\n',
  });
  assert.notEqual(result.code, 0);
  assert.match(result.output, /layer-core-imports-upward: src\/core\/tensor\.ts → src\/nn\/linear\.ts/);
});

test('a sibling import inside one layer fails the layering check', async () => {
  const result = await cruise({
    'src/nn/linear.ts': "import { a } from '../optim/adam.js';\nexport const l = a;\n",
    'src/optim/adam.ts': 'export const a = 1;\n',
  });
  assert.notEqual(result.code, 0);
  assert.match(result.output, /layer-nn-imports-sibling/);
});

test('a node: import in portable code fails the layering check', async () => {
  const result = await cruise({
    'src/core/file.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
  });
  assert.notEqual(result.code, 0);
  assert.match(result.output, /portable-imports-node/);
});
