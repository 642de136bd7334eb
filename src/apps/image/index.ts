/** The image pipeline: a CNN image classifier with augmentation, a report and saved models. */
export { trainImageClassifier, type TrainImageClassifierOptions, type TrainedImageClassifier, type LabelledImages } from './train-image-classifier.js';
export { ImageClassifier, IMAGE_METADATA_VERSION, type ImagePrediction, type ImageClassificationReport } from './image-classifier.js';
export { augmentImages, type AugmentOptions } from './augment-images.js';
