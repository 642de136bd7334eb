/** The text pipeline: intent classification with out-of-scope detection and replies. */
export { trainTextClassifier, type TrainTextClassifierOptions, type TrainedTextClassifier, type LabelledTexts } from './train-text-classifier.js';
export { TextClassifier, DEFAULT_FALLBACK, TEXT_METADATA_VERSION, type TextModelFamily, type TextPrediction, type TextAnswer, type TextClassifierParts } from './text-classifier.js';
export { explainText, textExplainMethods, type ExplainTextOptions, type TextExplanation, type TokenAttribution } from './explain-text.js';
export { textClassificationReport, type TextClassificationReport, type LabelScores } from './text-classification-report.js';
export { chooseThreshold, type ThresholdInput, type ThresholdChoice } from './choose-threshold.js';
export { TfidfTextFeatures, denseRows, type TfidfTextFeaturesOptions, type SparseRows } from './tfidf-text-features.js';
export { TokenSequenceEncoder, PAD_ID, UNKNOWN_ID, type TokenSequenceEncoderOptions } from './token-sequence-encoder.js';
export { TransformerTextModel, type TransformerTextModelConfig } from './transformer-text-model.js';
export { TextBatches, type BatchEncoder } from './text-batches.js';
export type { TextInputEncoder } from './text-input-encoder.js';
