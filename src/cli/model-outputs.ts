/**
 * modelOutputs: the CLI's name for {@link tabularModelOutputs}, which moved to `src/node/` when the
 * HTTP service came to need it too.
 */
export { tabularModelOutputs as modelOutputs } from '../node/index.js';
