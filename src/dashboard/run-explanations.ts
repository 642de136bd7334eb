/**
 * RunExplanations: the dashboard's explanation endpoints for one run, as plain answers (status and
 * JSON body) that the server sends.
 *
 * - `setup` (GET /api/runs/<id>/explain): what can be explained — the model's kind, its methods,
 *   and for a table model the form's fields with a starting row (from the run's data file, else
 *   the training medians and most frequent values); for a model the dashboard cannot explain, the
 *   reason and the kinds it can (status 200: that is an answer, not a failure);
 * - `global` (GET /api/runs/<id>/explain/global): permutation importance of a table model's
 *   columns on up to `maxRows` rows of the run's data file, computed once per model and file;
 *   when the file is gone, `available: false` and why;
 * - `local` (POST /api/runs/<id>/explain): one row or one message explained with the method asked
 *   for. Bad input is a 400 naming the field; a run whose model cannot be explained, a 422.
 */
import { cellAt } from '../data/index.js';
import { EXPLAIN_METHODS, explainTableRow } from '../explain/index.js';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, type RunRecord } from '../node/index.js';
import { join } from 'node:path';
import { explainableModel, EXPLAINABLE_KINDS, type ExplainableModel } from './explainable-model.js';
import { explainText, MAX_OCCLUDED_WORDS, textMethods } from './explain-text.js';
import { ExplanationRequestError, parseRequestBody, requestMethod, requestRow, requestTarget, requestText } from './explanation-request.js';
import { FileKeyedCache } from './file-keyed-cache.js';
import { runDataSample, type RunDataSample } from './run-data-sample.js';
import { tableImportance, type TableImportance } from './table-importance.js';
import { tabularInputFields } from './tabular-input-fields.js';

/** A status and a JSON body. */
export interface ExplanationAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Options of {@link RunExplanations}. */
export interface RunExplanationsOptions {
  /** Rows of the data file used by the global view and as the baseline (default 500). */
  readonly maxRows?: number;
  /** Shuffles per column of permutation importance (default 3). */
  readonly repeats?: number;
}

/** The local methods for table models: occlusion needs a scalar baseline, table rows have a mean row. */
export const TABLE_METHODS: readonly string[] = EXPLAIN_METHODS.filter((m) => m !== 'occlusion');

type Importance = (TableImportance & { readonly available: true; readonly path: string; readonly fileRows: number }) | { readonly available: false; readonly reason: string };

/**
 * The explanation endpoints, with their caches.
 *
 * @example
 * const explanations = new RunExplanations({ maxRows: 500 });
 * const { status, body } = await explanations.setup(run);
 */
export class RunExplanations {
  private readonly maxRows: number;
  private readonly repeats: number;
  private readonly importances = new FileKeyedCache<Importance>(8);

  constructor(options: RunExplanationsOptions = {}) {
    this.maxRows = options.maxRows ?? 500;
    this.repeats = options.repeats ?? 3;
  }

  /** What the run's model offers (GET …/explain). */
  async setup(run: RunRecord): Promise<ExplanationAnswer> {
    const found = await this.model(run);
    if (found.kind === 'none') return { status: 200, body: { kind: 'none', reason: found.reason, explainable: EXPLAINABLE_KINDS } };
    if (found.kind === 'text') {
      const c = found.classifier;
      return { status: 200, body: { kind: 'text', family: c.family, methods: textMethods(c), classes: c.labels, explainable: EXPLAINABLE_KINDS } };
    }
    const { metadata, pipeline } = found.tabular;
    const fields = tabularInputFields(found.tabular);
    const sample = await this.sample(run, found);
    const example = 'table' in sample ? Object.fromEntries(fields.map((f) => [f.name, sample.table.has(f.name) ? cellText(cellAt(sample.table.column(f.name), 0)) : null])) : null;
    return {
      status: 200,
      body: {
        kind: 'tabular',
        task: metadata.task,
        target: metadata.target,
        classes: metadata.task === 'classification' ? pipeline.classes : null,
        methods: TABLE_METHODS,
        fields,
        example,
        data: 'table' in sample ? { path: sample.path, rows: sample.table.rowCount, fileRows: sample.fileRows } : { path: sample.path, unavailable: sample.unavailable },
        explainable: EXPLAINABLE_KINDS,
      },
    };
  }

  /** Permutation importance on the run's data (GET …/explain/global). */
  async global(run: RunRecord): Promise<ExplanationAnswer> {
    const found = await this.model(run);
    if (found.kind !== 'tabular') {
      const reason = found.kind === 'text' ? 'global importance is computed for table models; a text model is explained one message at a time' : found.reason;
      return { status: 200, body: { available: false, reason } };
    }
    const sample = await this.sample(run, found);
    if (!('table' in sample)) return { status: 200, body: { available: false, reason: sample.unavailable } };
    const tabular = found.tabular;
    const body = await this.importances.get(
      [join(run.modelDir!, MODEL_CONFIG_FILE), join(run.modelDir!, MODEL_WEIGHTS_FILE), sample.path],
      async (): Promise<Importance> => {
        const result = tableImportance(tabular, sample.table, this.repeats);
        return typeof result === 'string' ? { available: false, reason: result } : { available: true, path: sample.path, fileRows: sample.fileRows, ...result };
      },
      JSON.stringify([this.maxRows, this.repeats]),
    );
    return { status: 200, body };
  }

  /** One row or message explained (POST …/explain with the request body's text). */
  async local(run: RunRecord, bodyText: string): Promise<ExplanationAnswer> {
    try {
      const body = parseRequestBody(bodyText);
      const found = await this.model(run);
      if (found.kind === 'none') return { status: 422, body: { error: `run '${run.id}' cannot be explained: ${found.reason}`, explainable: EXPLAINABLE_KINDS } };
      if (found.kind === 'text') {
        const c = found.classifier;
        const method = requestMethod(body, textMethods(c));
        const text = requestText(body);
        const words = text.split(/\s+/).filter((w) => w !== '').length;
        if (method === 'occlusion' && words > MAX_OCCLUDED_WORDS) throw new ExplanationRequestError('text', `occlusion takes at most ${MAX_OCCLUDED_WORDS} words, got ${words}`);
        const target = requestTarget(body, c.labels);
        return { status: 200, body: { kind: 'text', ...explainText(c, text, method, target) } };
      }
      const { model, pipeline, metadata } = found.tabular;
      const method = requestMethod(body, TABLE_METHODS);
      const classes = metadata.task === 'classification' ? pipeline.classes : null;
      const target = requestTarget(body, classes);
      const row = requestRow(body, tabularInputFields(found.tabular));
      const sample = await this.sample(run, found);
      const background = 'table' in sample && sample.table.rowCount > 1 ? sample.table : undefined;
      const why = explainTableRow({ model, pipeline, task: metadata.task, targetScaling: metadata.targetScaling }, row, 0, {
        method,
        ...(target === undefined ? {} : { target }),
        ...(background === undefined ? {} : { background }),
      });
      const baseline = background === undefined ? 'all-zero features (the training mean of each scaled column, no category of one-hot ones)' : `the mean of ${background.rowCount} rows of ${sample.path}`;
      return {
        status: 200,
        body: { kind: 'tabular', task: metadata.task, target: metadata.target, baseline, method: why.method, label: why.label, output: why.output, baselineOutput: why.baselineOutput ?? null, completenessGap: why.completenessGap ?? null, columns: why.columns },
      };
    } catch (error) {
      if (error instanceof ExplanationRequestError) return { status: 400, body: { error: error.message, field: error.field, reason: error.reason } };
      throw error;
    }
  }

  /** The run's model, or why there is none to explain. */
  private async model(run: RunRecord): Promise<ExplainableModel> {
    if (run.modelDir === null) return { kind: 'none', reason: `run '${run.id}' saved no model` };
    if (run.status === 'running') return { kind: 'none', reason: `run '${run.id}' is still training; its model is explained once the run ends` };
    try {
      return await explainableModel(run.modelDir);
    } catch (error) {
      return { kind: 'none', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private sample(run: RunRecord, found: ExplainableModel & { kind: 'tabular' }): Promise<RunDataSample> {
    return runDataSample(run.config, found.tabular.metadata.columnTypes, this.maxRows);
  }
}

/** A cell as a form field holds it (null for a missing cell). */
function cellText(value: string | number | boolean | null): string | null {
  return value === null ? null : String(value);
}
