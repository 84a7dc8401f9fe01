// `@switchyard/sdk-node/prometheus`: needs prom-client (an optional peer dependency).
export {
  createFlagHttpMetrics,
  type FlagHttpMetrics,
  type FlagHttpMetricsOptions,
  type VariantSource,
} from './prometheus/http-metrics.js';
