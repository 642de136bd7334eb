/** The lm pipeline: a character-level GPT with a key/value cache, sampling and a saved vocabulary. */
export { CharVocabulary } from './char-vocabulary.js';
export { GptModel, type GptModelConfig } from './gpt-model.js';
export { KeyValueCache } from './key-value-cache.js';
export { sampleToken, checkSamplingOptions, type SamplingOptions } from './sample-token.js';
export { CharLanguageModel, LM_METADATA_VERSION, type GenerateOptions, type LanguageModelEvaluation } from './char-language-model.js';
export {
  trainCharLanguageModel,
  type TrainCharLanguageModelOptions,
  type TrainedCharLanguageModel,
  type LanguageModelStepLog,
  type LanguageModelEvalLog,
} from './train-char-language-model.js';
