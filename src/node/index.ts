/**
 * Sprout's Node-only services (`sprout/node`): model folders on disk, atomic file writes, the
 * callbacks that write files, and readers for data files. Kept out of the package entry so browser
 * bundles never see `node:` imports (DESIGN.md, principle 7). Importing it installs the wasm
 * backend's helper threads (kernel-threads.ts), as the Node package entry does.
 *
 * @example
 * import { saveModel, loadModel, ModelCheckpoint, CsvLogger } from 'sprout/node';
 */
// Models and training files.
export { CsvLogger, type CsvLoggerOptions } from './csv-logger.js';
export { NODE_FILE_SYSTEM, type FileSystemOps, type PathKind } from './file-system-ops.js';
export { DecryptionError } from './decryption-error.js';
export { decryptBytes, encryptBytes, ENCRYPTION_OVERHEAD, isEncrypted, readEncryptedFile, writeEncryptedFile } from './encrypted-file.js';
export { DEFAULT_KEY_VARIABLE, type EncryptionOptions } from './encryption-key.js';
export { JsonLinesLogger, type JsonLinesLoggerOptions } from './json-lines-logger.js';
export { loadModel, type LoadedModel, type LoadModelOptions } from './load-model.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint.js';
export { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE } from './model-files.js';
export { saveModel, type SaveModelOptions } from './save-model.js';
export { writeFileAtomic, type WriteFileAtomicOptions } from './write-file-atomic.js';
// Data files (the portable parsers live in src/data/).
export { readCsvFile, type ReadCsvFileOptions } from './read-csv-file.js';
export { readIdxFile } from './read-idx-file.js';
export { readImageFile } from './read-image-file.js';
export { readImageFolder, type ImageFolder, type ReadImageFolderOptions } from './read-image-folder.js';
export { readJsonLinesFile } from './read-json-lines-file.js';
export { readWavFile } from './read-wav-file.js';
// ONNX files.
export { loadOnnx } from './load-onnx.js';
export { saveOnnx, type SaveOnnxOptions } from './save-onnx.js';
// Models written by `sprout train` (shared by the CLI and the HTTP service).
export { loadModelFolder } from './load-model-folder.js';
export { loadTabularModel, tabularModelFromLoaded, TABULAR_MODEL_PRODUCER, type TabularModel, type TabularModelMetadata } from './load-tabular-model.js';
export { tabularModelOutputs } from './tabular-model-outputs.js';
// Experiment tracking: the run store and the callback that records epochs into it.
export { compareRuns, type ComparedMetric, type ComparedValue, type RunComparison } from './compare-runs.js';
export { currentEnvironment } from './run-environment.js';
export type { ConfusionMatrixArtifact, EpochRecord, MetricValue, RunEnvironment, RunRecord, RunStatus, RunSummary } from './run-record.js';
export { RunRecorder } from './run-recorder.js';
export { RUN_STORE_FILE, RunStore, type NewRun, type RunEnd } from './run-store.js';
export { migrateRunStore, RUN_STORE_MIGRATIONS, RUN_STORE_SCHEMA_VERSION, type RunStoreMigration } from './run-store-migrations.js';
export { DEFAULT_RUNS_DIR, resolveRunsDir } from './runs-directory.js';
// Threads of the wasm backend's kernels (worker_threads over its shared memory).
import { installKernelThreads } from './kernel-threads.js';
export { defaultThreads, getThreads, installKernelThreads, setThreads } from './kernel-threads.js';
export { WorkerThreadHost } from './worker-thread-pool.js';
installKernelThreads();
