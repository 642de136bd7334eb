/** The speech pipeline: spoken-command recognition from WAV audio via log-mel features and a small CNN. */
export { fft } from './fft.js';
export { melFilterbank, hertzToMel, melToHertz } from './mel-filterbank.js';
export { LogMelSpectrogram, type LogMelSpectrogramOptions, type Spectrogram } from './log-mel-spectrogram.js';
export { SpeechCnn, type SpeechCnnConfig } from './speech-cnn.js';
export { SpeechClassifier, monoSamples, SPEECH_METADATA_VERSION, type Recording, type SpeechPrediction, type SpeechReport } from './speech-classifier.js';
export { trainSpeechClassifier, type TrainSpeechClassifierOptions, type TrainedSpeechClassifier, type LabelledRecordings } from './train-speech-classifier.js';
