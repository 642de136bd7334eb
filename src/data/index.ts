/** Data loading and preprocessing: tables, CSV/TSV and JSON Lines, audio, images, datasets and loaders. */
export * from './idx.js';
export {
  numericColumn,
  categoricalColumn,
  booleanColumn,
  textColumn,
  columnLength,
  cellAt,
  missingMask,
  takeColumn,
  type ColumnType,
  type CellValue,
  type Column,
  type NumericColumn,
  type CategoricalColumn,
  type BooleanColumn,
  type TextColumn,
} from './column.js';
export { columnFromStrings, inferColumnType, DEFAULT_MISSING_VALUES, type ColumnFromStringsOptions } from './column-from-strings.js';
export { Table, type Row, type TableToTensorOptions } from './table.js';
export { detectDelimiter, CANDIDATE_DELIMITERS } from './detect-delimiter.js';
export { parseCsv, type CsvOptions } from './parse-csv.js';
export { parseJsonLines, type JsonLinesOptions } from './parse-json-lines.js';
export { decodeWav, type DecodedWav } from './decode-wav.js';
export { decodeImage, type ImageOptions } from './decode-image.js';
export { resizeBilinear } from './resize-bilinear.js';
export { Dataset } from './dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { defaultCollate, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions, type IndexedSource } from './data-loader.js';
export * from './preprocess/index.js';
export { seededRandom } from './seeded-random.js';
