/**
 * ServeMetrics: the service's Prometheus metrics (`GET /metrics`, text exposition format) — a
 * request counter by route, method and status, a latency histogram by route and method, and two
 * histograms of the micro-batches (items and requests per forward pass), a gauge of the requests
 * waiting in them, plus prom-client's
 * process metrics (CPU, heap, event-loop lag).
 *
 * Labels use the route pattern (`/v1/models/:name/predict`), never the raw URL, and 'unmatched'
 * for unknown paths: a client sending random paths cannot grow the label set without bound.
 * Each server has its own registry, so several servers in one process do not share counts.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Upper bounds of the batch-size buckets: powers of two up to 1,024. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
/** Latency buckets in seconds, 0.5 ms to 10 s. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The metrics of one server.
 *
 * @example
 * const metrics = new ServeMetrics();
 * metrics.observeRequest('/healthz', 'GET', 200, 0.0004);
 * await metrics.registry.metrics(); // Prometheus text
 */
export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly latency: Histogram<'route' | 'method'>;
  private readonly batchItems: Histogram<'model'>;
  private readonly batchRequests: Histogram<'model'>;

  /**
   * @param options `processMetrics: false` leaves out prom-client's process metrics; `queued` reports
   *   the requests waiting in each model's micro-batcher at scrape time.
   */
  constructor(options: { readonly processMetrics?: boolean; readonly queued?: () => ReadonlyMap<string, number> } = {}) {
    const registers = [this.registry];
    const queued = options.queued;
    new Gauge({
      name: 'sprout_batch_queued_requests',
      help: 'Requests waiting in a model micro-batcher for their forward pass.',
      labelNames: ['model'],
      registers,
      collect() {
        this.reset();
        for (const [model, n] of queued?.() ?? []) this.set({ model }, n);
      },
    });
    this.requests = new Counter({ name: 'sprout_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status code.', labelNames: ['route', 'method', 'status'], registers });
    this.latency = new Histogram({ name: 'sprout_http_request_duration_seconds', help: 'Time from receiving a request to sending its answer, in seconds.', labelNames: ['route', 'method'], buckets: LATENCY_BUCKETS, registers });
    this.batchItems = new Histogram({ name: 'sprout_batch_size', help: 'Items (rows, texts, images or recordings) per forward pass of the micro-batcher.', labelNames: ['model'], buckets: BATCH_BUCKETS, registers });
    this.batchRequests = new Histogram({ name: 'sprout_batch_requests', help: 'Requests stacked into one forward pass.', labelNames: ['model'], buckets: BATCH_BUCKETS, registers });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'sprout_' });
  }

  /** Counts one answered request and its latency. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route, method }, seconds);
  }

  /** Records one forward pass of a model's micro-batcher. */
  observeBatch(model: string, items: number, requests: number): void {
    this.batchItems.observe({ model }, items);
    this.batchRequests.observe({ model }, requests);
  }
}
