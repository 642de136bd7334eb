/**
 * Recording the calls of a model's parameterised layers during one forward pass: for each call,
 * the output (whose gradient backward will give) and how to turn that gradient into per-example
 * parameter gradients (per-example-rules.ts).
 *
 * Sprout's modules have no forward hooks (children's `forward` is called directly), so the
 * recorder shadows `forward` on each layer instance for the duration of the pass and removes the
 * shadow afterwards; for MultiHeadAttention it shadows the input projection (`project`), whose
 * three outputs are the Linear maps the rule needs. Nothing is left changed on the model.
 */
import { type Tensor, ValueError } from '../core/index.js';
import { BatchNormBase, type Module, MultiHeadAttention } from '../nn/index.js';
import { hasPerExampleRule, LAYERS_WITH_RULES, type LayerGradientRule, linearRule, ruleForCall } from './per-example-rules.js';

/** One call of a parameterised layer. */
export interface LayerCall {
  /** The layer's dotted name in the model ('' for the root) and type, for messages. */
  readonly name: string;
  readonly typeName: string;
  /** The layer's own trainable parameters, which the call's gradient reaches. */
  readonly params: readonly Tensor[];
  /** The output whose gradient the rule needs. */
  readonly output: Tensor;
  /** Builds the rule (run without recording, after the forward pass). */
  readonly rule: () => LayerGradientRule | null;
}

/** A module's own (not its children's) parameters that require a gradient. */
export function ownTrainableParameters(module: Module): Tensor[] {
  return [...module.namedParameters()].filter(([name, p]) => !name.includes('.') && p.requiresGrad).map(([, p]) => p);
}

type Forward = (...inputs: Tensor[]) => Tensor;
type Project = (q: Tensor, k: Tensor | null, v: Tensor | null) => [Tensor, Tensor, Tensor];

/**
 * Throws unless every parameterised layer of `module` has a per-example rule.
 *
 * @throws ValueError naming a batch-norm layer (it mixes the examples of a batch; use GroupNorm or
 *   LayerNorm) or a layer type without a rule.
 */
export function checkPerExampleSupport(module: Module): void {
  for (const [name, m] of module.namedModules()) {
    const where = name === '' ? 'the model' : `'${name}'`;
    if (m instanceof BatchNormBase) {
      throw new ValueError(
        `DP-SGD: ${m.typeName} (${where}) normalises with statistics of the whole batch, so one example's gradient depends on the others ` +
          'and per-example clipping bounds nothing; replace it with GroupNorm or LayerNorm',
      );
    }
    if (ownTrainableParameters(m).length > 0 && !hasPerExampleRule(m)) {
      throw new ValueError(`DP-SGD: no per-example gradient rule for ${m.typeName} (${where}); supported layers with parameters: ${LAYERS_WITH_RULES.join(', ')}`);
    }
  }
}

/**
 * Runs `fn` (a forward pass of `module`) while recording every call of its parameterised layers.
 *
 * @throws ValueError from {@link checkPerExampleSupport}.
 */
export function recordLayerCalls<T>(module: Module, fn: () => T): { result: T; calls: LayerCall[] } {
  checkPerExampleSupport(module);
  const calls: LayerCall[] = [];
  const undo: (() => void)[] = [];
  try {
    // A module registered under two names is still one layer: shadow it once.
    const seen = new Set<Module>();
    for (const [name, m] of module.namedModules()) {
      const params = ownTrainableParameters(m);
      if (params.length === 0 || seen.has(m)) continue;
      seen.add(m);
      const base = { name, typeName: m.typeName, params };
      if (m instanceof MultiHeadAttention) {
        const target = m as unknown as { project: Project };
        const project = target.project;
        if (typeof project !== 'function') throw new ValueError('DP-SGD: MultiHeadAttention has no input projection method to record (project)');
        target.project = (q, k, v) => {
          const outputs = project.call(m, q, k, v);
          const key = k ?? q;
          const inputs = [q, key, v ?? key];
          const e = m.embedDim;
          outputs.forEach((output, i) => {
            if (output.requiresGrad) calls.push({ ...base, output, rule: () => linearRule(m.inProjWeight, m.inProjBias, inputs[i]!, { offset: i * e, rows: e }) });
          });
          return outputs;
        };
        undo.push(() => Reflect.deleteProperty(target, 'project'));
        continue;
      }
      const target = m as unknown as { forward: Forward };
      const forward = target.forward;
      target.forward = (...inputs: Tensor[]) => {
        const output = forward.apply(m, inputs);
        if (output.requiresGrad) calls.push({ ...base, output, rule: () => ruleForCall(m, inputs[0]!) ?? null });
        return output;
      };
      undo.push(() => Reflect.deleteProperty(target, 'forward'));
    }
    return { result: fn(), calls };
  } finally {
    for (const restore of undo) restore();
  }
}
