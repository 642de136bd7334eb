/**
 * `npm start`: trains a small neural network with Sprout's engine and reports how it learned.
 *
 * The task is the classic three-armed spiral (Karpathy's CS231n example): 300 points in the plane,
 * three classes that no straight line separates. A 2-64-3 multilayer perceptron with ReLU learns it
 * with softmax cross-entropy and SGD with momentum, written here directly with tensor ops and
 * autograd. (Layers, optimisers and `fit` arrive with the models issue.)
 */
import {
  add,
  argmax,
  eq,
  gather,
  Generator,
  logSoftmax,
  matmul,
  mean,
  mul,
  neg,
  noGrad,
  randn,
  relu,
  type Tensor,
  tensor,
  unsqueeze,
  zeros,
  zerosLike,
} from '../src/index.js';

const POINTS_PER_CLASS = 100;
const CLASSES = 3;
const HIDDEN = 64;
const EPOCHS = 300;
const LEARNING_RATE = 0.5;
const MOMENTUM = 0.9;

function spiral(generator: Generator): { x: Tensor; y: Tensor } {
  const noise = randn([CLASSES * POINTS_PER_CLASS], { generator, dtype: 'float64' }).dataSync();
  const points: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < CLASSES; c++) {
    for (let i = 0; i < POINTS_PER_CLASS; i++) {
      const radius = i / POINTS_PER_CLASS;
      const angle = c * 4 + (i / POINTS_PER_CLASS) * 4 + noise[c * POINTS_PER_CLASS + i]! * 0.2;
      points.push([radius * Math.sin(angle), radius * Math.cos(angle)]);
      labels.push(c);
    }
  }
  return { x: tensor(points), y: tensor(labels, { dtype: 'int32' }) };
}

/** He initialisation (He et al. 2015): N(0, 2/fanIn), the right scale for ReLU layers. */
function heNormal(fanIn: number, fanOut: number, generator: Generator): Tensor {
  return mul(randn([fanIn, fanOut], { generator }), Math.sqrt(2 / fanIn)).detach().requiresGrad_();
}

function main(): void {
  const generator = new Generator(42);
  const { x, y } = spiral(generator);
  const params = {
    w1: heNormal(2, HIDDEN, generator),
    b1: zeros([HIDDEN], { requiresGrad: true }),
    w2: heNormal(HIDDEN, CLASSES, generator),
    b2: zeros([CLASSES], { requiresGrad: true }),
  };
  const velocity = new Map(Object.values(params).map((p) => [p, zerosLike(p)] as const));
  const forward = (input: Tensor): Tensor => add(matmul(relu(add(matmul(input, params.w1), params.b1)), params.w2), params.b2);
  const accuracy = (): number => noGrad(() => mean(eq(argmax(forward(x), 1), y)).item());

  console.log(`Sprout demo: ${CLASSES}-class spiral, ${x.shape[0]} points, MLP 2-${HIDDEN}-${CLASSES}`);
  console.log(`accuracy before training: ${(accuracy() * 100).toFixed(1)} %`);
  const started = performance.now();
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    // Cross-entropy: the negative log-probability of each point's true class.
    const logProbabilities = logSoftmax(forward(x), 1);
    const loss = neg(mean(gather(logProbabilities, 1, unsqueeze(y, 1))));
    loss.backward();
    noGrad(() => {
      for (const p of Object.values(params)) {
        const v = velocity.get(p)!;
        v.assign_(add(mul(v, MOMENTUM), p.grad!));
        p.sub_(mul(v, LEARNING_RATE));
        p.zeroGrad();
      }
    });
    if (epoch === 1 || epoch % 50 === 0) {
      console.log(`epoch ${String(epoch).padStart(3)}  loss ${loss.item().toFixed(4)}  accuracy ${(accuracy() * 100).toFixed(1)} %`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const final = accuracy();
  console.log(`accuracy after ${EPOCHS} epochs: ${(final * 100).toFixed(1)} % (${seconds.toFixed(1)} s)`);
  if (final < 0.9) {
    console.error('training did not reach 90 % accuracy: something is wrong with the engine');
    process.exitCode = 1;
  }
}

main();
