// otel-domain-metrics/testing: a runtime over an in-memory reader, assertions over what it
// collected, and the conformance suite for your own domain classes. Listed by hand.
export { createTestMetrics } from './createTestMetrics.js';
export type { TestMetrics, TestMetricsOptions } from './createTestMetrics.js';
export { CollectedMetrics } from './CollectedMetrics.js';
export type { CollectedAttributes, CollectedHistogram, CollectedKind, CollectedMetric, CollectedSeries } from './CollectedMetrics.js';
export { assertCounter, assertGauge, assertHistogram, assertNoSeries } from './assertions.js';
export type { ExpectedHistogram } from './assertions.js';
export { assertMetricsClass, checkMetricsClass, formatProblems } from './checkMetricsClass.js';
export type { CheckMetricsClassOptions, MetricsClass } from './checkMetricsClass.js';
export { specProblems } from './specRules.js';
export type { MetricsClassProblem } from './specRules.js';
export { exportProblems } from './exportProblems.js';
export type { ExportCheckOptions } from './exportProblems.js';
