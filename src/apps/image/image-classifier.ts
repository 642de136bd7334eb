/**
 * ImageClassifier: a trained image classifier — the network, the class names and the input it
 * expects — in one object that saves as one model (config + weights) and predicts without the
 * training code. The input description lives in the model config's `metadata.image`.
 *
 * Shape legend: images are float32 [N, C, H, W] with pixel values in [0, 1] (what
 * `readImageFolder` and an IDX file divided by 255 give).
 */
import { DataError, formatShape, ModelFormatError, noGrad, ShapeError, softmax, type Tensor } from '../../core/index.js';
import { JsonReader } from '../../data/index.js';
import type { JsonValue } from '../../nn/index.js';
import { type Model, type ModelArtifacts, modelFromArtifacts, modelToArtifacts } from '../../train/index.js';
import { type TextClassificationReport, textClassificationReport } from '../text/index.js';

/** The version of `metadata.image`. */
export const IMAGE_METADATA_VERSION = 1;

/** One prediction. */
export interface ImagePrediction {
  readonly label: string;
  /** Probability of `label`. */
  readonly confidence: number;
  /** Probability of every class. */
  readonly scores: Readonly<Record<string, number>>;
}

/**
 * Accuracy, macro F1, per-class scores and the confusion matrix (the text pipeline's report with no
 * out-of-scope label: its in-scope fields are null).
 */
export type ImageClassificationReport = TextClassificationReport;

/**
 * A trained image classifier. Make one with `trainImageClassifier` or {@link ImageClassifier.fromArtifacts}.
 *
 * @example
 * const { classifier } = await trainImageClassifier({ train: { images, labels }, classes, seed: 0 });
 * classifier.predict(testImages)[0].label; // 'Sneaker'
 */
export class ImageClassifier {
  constructor(
    readonly model: Model,
    /** Class names by output index. */
    readonly labels: readonly string[],
    /** The image size the network takes: [C, H, W]. */
    readonly inputShape: readonly [number, number, number],
  ) {}

  /** Class probabilities [N, classes] of images [N, C, H, W]. */
  probabilities(images: Tensor): Tensor {
    this.checkImages('ImageClassifier.probabilities', images);
    return noGrad(() => softmax(this.model.predict(images, { batchSize: 256 }), 1));
  }

  /** The most likely class of each image, with its probability and every class's. */
  predict(images: Tensor): ImagePrediction[] {
    const probabilities = this.probabilities(images);
    const k = this.labels.length;
    const values = probabilities.dataSync();
    return Array.from({ length: images.shape[0]! }, (_, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (values[i * k + c]! > values[i * k + best]!) best = c;
      const scores: Record<string, number> = {};
      this.labels.forEach((label, c) => (scores[label] = values[i * k + c]!));
      return { label: this.labels[best]!, confidence: values[i * k + best]!, scores };
    });
  }

  /**
   * The report on labelled images: `labels` are class names or class indices.
   *
   * @throws DataError when the counts differ or a label is unknown.
   */
  evaluate(images: Tensor, labels: readonly (string | number)[]): ImageClassificationReport {
    if (labels.length !== images.shape[0]) throw new DataError(`ImageClassifier.evaluate: ${images.shape[0]} images but ${labels.length} labels`);
    const actual = labels.map((label) => {
      const name = typeof label === 'number' ? this.labels[label] : label;
      if (name === undefined || !this.labels.includes(name)) throw new DataError(`ImageClassifier.evaluate: label ${JSON.stringify(label)} is not one of the classes (${this.labels.join(', ')})`);
      return name;
    });
    return textClassificationReport(actual, this.predict(images).map((p) => p.label), this.labels, null);
  }

  /** Config (architecture, labels, `metadata.image`) and safetensors weights. */
  toArtifacts(metadata: { readonly [key: string]: JsonValue } = {}): ModelArtifacts {
    const image = { version: IMAGE_METADATA_VERSION, inputShape: [...this.inputShape] };
    return modelToArtifacts(this.model, { labels: this.labels, metadata: { ...metadata, image } });
  }

  /**
   * Rebuilds a classifier from {@link toArtifacts} output (or a loaded folder's config and weights).
   *
   * @throws ModelFormatError when the config lacks `metadata.image` or it is malformed.
   */
  static fromArtifacts(artifacts: { readonly config: unknown; readonly weights: Uint8Array }): ImageClassifier {
    const model = modelFromArtifacts(artifacts);
    const config = new JsonReader('ImageClassifier.fromArtifacts: config', artifacts.config);
    const labels = config.field('labels').strings();
    const metadata = config.field('metadata');
    if (metadata.optionalField('image') === undefined) throw new ModelFormatError("ImageClassifier.fromArtifacts: config.metadata has no 'image' entry; this is not an image-pipeline model");
    const image = metadata.field('image');
    const version = image.field('version').integer(1);
    if (version !== IMAGE_METADATA_VERSION) throw new ModelFormatError(`ImageClassifier.fromArtifacts: metadata.image.version is ${version}; this Sprout reads ${IMAGE_METADATA_VERSION}`);
    const shapeField = image.field('inputShape');
    const dims = shapeField.numbers(3);
    if (!dims.every((d) => Number.isInteger(d) && d >= 1)) shapeField.fail('three positive integers [C, H, W]');
    return new ImageClassifier(model, labels, dims as [number, number, number]);
  }

  private checkImages(op: string, images: Tensor): void {
    const [c, h, w] = this.inputShape;
    if (images.rank !== 4 || images.shape[1] !== c || images.shape[2] !== h || images.shape[3] !== w) {
      throw new ShapeError(`${op}: images must be [N, ${c}, ${h}, ${w}], got ${formatShape(images.shape)}`);
    }
  }
}
