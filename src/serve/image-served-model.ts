/**
 * imageServedModel: an image-pipeline classifier (src/apps/image) run on base64 PNG or JPEG files.
 * Each file is decoded as the training images were read — `decodeImage`, the decoder behind
 * `readImageFile` and `readImageFolder`: converted to the model's channel count (grey replicated to
 * RGB, RGB to grey by BT.601 luma, alpha dropped), resized bilinearly to its height × width, values
 * scaled to [0, 1] — before the request joins a micro-batch. Each prediction is
 * `ImageClassifier.predict`'s answer: label, confidence and every class's probability.
 */
import type { ImageClassifier } from '../apps/image/index.js';
import { ModelFormatError, stack, type Tensor } from '../core/index.js';
import { decodeImage } from '../data/index.js';
import { decodeBase64Item } from './decode-base64-item.js';
import { imageDimensions } from './image-dimensions.js';
import { InvalidRequestError } from './invalid-request-error.js';
import type { BatchServedModel, Prediction } from './served-model.js';

/**
 * Most pixels a decoded image may have (4096 × 4096, above a 12-megapixel phone photo): the guard
 * against small uploads that declare huge images. The model sees a resized copy anyway, so a client
 * should send images near the model's size.
 */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/**
 * Wraps an image classifier for the service.
 *
 * @param classifier The classifier, e.g. `ImageClassifier.fromArtifacts(…)`.
 * @throws ModelFormatError for a model whose input channels are not 1, 3 or 4 (no image file decodes to others).
 * @example
 * const served = imageServedModel(classifier);
 * served.predict(served.decode!([pngBase64])); // [{ label: 'Sneaker', confidence: 0.93, scores: { … } }]
 */
export function imageServedModel(classifier: ImageClassifier): BatchServedModel {
  const [channels, height, width] = classifier.inputShape;
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ModelFormatError(`imageServedModel: the model takes ${channels}-channel images; the service decodes PNG and JPEG files to 1 (grey), 3 (RGB) or 4 (RGBA) channels`);
  }
  return {
    kind: 'image-classification',
    input: { kind: 'images', channels, height, width, formats: ['png', 'jpeg'] },
    labels: classifier.labels,
    decode(items: readonly unknown[]): Tensor[] {
      return items.map((item, i) => {
        const field = `/images/${i}`;
        const bytes = decodeBase64Item(item as string, field); // a string, by the request schema
        const size = imageDimensions(bytes);
        if (size !== null && size.width * size.height > MAX_IMAGE_PIXELS) {
          throw new InvalidRequestError(field, `declares ${size.width}×${size.height} pixels, over the ${MAX_IMAGE_PIXELS} the service decodes; the model reads ${height}×${width}, so downscale it first`);
        }
        try {
          return decodeImage(bytes, { channels, size: [height, width] });
        } catch (error) {
          // Every failure here comes from the uploaded bytes (the options are the model's and valid).
          const reason = error instanceof Error ? error.message.replace(/^decodeImage: /, '') : String(error);
          throw new InvalidRequestError(field, `cannot be decoded as a PNG or JPEG image: ${reason}`);
        }
      });
    },
    predict(items: readonly unknown[]): Prediction[] {
      return classifier.predict(stack(items as Tensor[], 0)).map((p) => ({ ...p })); // [C, H, W] each, from decode
    },
  };
}
