/**
 * explainInput: one entry point for "explain this input with that method" — what a server route or
 * the command line calls with a loaded model, one input row and a method name taken from a request.
 * It validates the name, runs the method and returns plain data: the attribution plus, for a
 * feature row, each feature's name, value and attribution ranked by size.
 */
import { tensor, type Tensor, ValueError } from '../core/index.js';
import type { Attribution } from './attribution.js';
import { integratedGradients, type IntegrationRule } from './integrated-gradients.js';
import { occlusion } from './occlusion.js';
import type { Predictor, TargetOptions } from './predictor.js';
import { gradientTimesInput, saliency } from './saliency.js';
import { smoothGrad } from './smooth-grad.js';

/** The local methods by name. */
export const EXPLAIN_METHODS = ['integrated-gradients', 'saliency', 'gradient-x-input', 'smoothgrad', 'occlusion'] as const;

/** A local method's name. */
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];

/** Options of {@link explainInput}; each method reads the ones that concern it. */
export interface ExplainInputOptions extends TargetOptions {
  /** Default 'integrated-gradients'. */
  readonly method?: string;
  /** Names of the features of a row [F] (default x0, x1, …). */
  readonly featureNames?: readonly string[];
  /** Integrated gradients: baseline (default 0); steps (default 50); rule (default trapezoid). */
  readonly baseline?: number | Tensor;
  readonly steps?: number;
  readonly rule?: IntegrationRule;
  /** SmoothGrad: samples (default 50), noise level (default 0.15), seed (default 0). */
  readonly samples?: number;
  readonly noiseLevel?: number;
  readonly seed?: number;
  /** Occlusion: patch size and stride (default 4 and the patch size); baseline value is `baseline` when a number. */
  readonly patchSize?: number;
  readonly stride?: number;
}

/** A feature of a row with its value and attribution. */
export interface FeatureAttribution {
  readonly index: number;
  readonly name: string;
  readonly value: number;
  readonly attribution: number;
}

/** What {@link explainInput} returns. */
export interface InputExplanation {
  readonly method: ExplainMethod;
  /** The method's full result (integrated gradients include the completeness gap, occlusion the windows). */
  readonly attribution: Attribution;
  /** For a row [F]: every feature, largest |attribution| first; empty for images and sequences. */
  readonly features: FeatureAttribution[];
}

/**
 * Explains one input of a model.
 *
 * @param model The network.
 * @param input One example: a row [F] (tensor or numbers) or an image/sequence tensor.
 * @throws ValueError for an unknown method or bad options; the method's own errors for a bad input.
 * @example
 * const { features } = explainInput(model, [5.1, 3.5, 1.4, 0.2], { method: 'saliency', featureNames });
 * features[0]; // { name: 'petal length', value: 1.4, attribution: … }
 */
export function explainInput(model: Predictor, input: Tensor | readonly number[] | Float32Array | Float64Array, options: ExplainInputOptions = {}): InputExplanation {
  const method = options.method ?? 'integrated-gradients';
  if (!(EXPLAIN_METHODS as readonly string[]).includes(method)) throw new ValueError(`explainInput: method must be one of ${EXPLAIN_METHODS.join(', ')}; got '${method}'`);
  const x = 'dataSync' in input ? input : tensor(Float32Array.from(input));
  const target: TargetOptions = {
    ...(options.target === undefined ? {} : { target: options.target }),
    ...(options.probabilities === undefined ? {} : { probabilities: options.probabilities }),
  };
  const pick = <K extends keyof ExplainInputOptions>(...keys: K[]): Pick<ExplainInputOptions, K> =>
    Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])) as Pick<ExplainInputOptions, K>;
  let attribution: Attribution;
  switch (method as ExplainMethod) {
    case 'saliency':
      attribution = saliency(model, x, target);
      break;
    case 'gradient-x-input':
      attribution = gradientTimesInput(model, x, target);
      break;
    case 'smoothgrad':
      attribution = smoothGrad(model, x, { ...target, ...pick('samples', 'noiseLevel', 'seed') });
      break;
    case 'occlusion': {
      const baseline = options.baseline;
      if (baseline !== undefined && typeof baseline !== 'number') throw new ValueError('explainInput: occlusion takes a number as baseline, got a tensor');
      attribution = occlusion(model, x, { ...target, ...pick('patchSize', 'stride'), ...(baseline === undefined ? {} : { baseline }) });
      break;
    }
    default:
      attribution = integratedGradients(model, x, { ...target, ...pick('baseline', 'steps', 'rule') });
  }
  const features: FeatureAttribution[] = [];
  if (x.rank === 1) {
    const names = options.featureNames;
    if (names !== undefined && names.length !== x.size) throw new ValueError(`explainInput: featureNames must have ${x.size} names (one per feature), got ${names.length}`);
    const values = x.dataSync();
    attribution.values.forEach((a, i) => features.push({ index: i, name: names?.[i] ?? `x${i}`, value: values[i]!, attribution: a }));
    features.sort((p, q) => Math.abs(q.attribution) - Math.abs(p.attribution));
  }
  return { method: method as ExplainMethod, attribution, features };
}
