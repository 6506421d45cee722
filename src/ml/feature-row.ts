/**
 * The feature contract (docs/selection-loop-contracts.md, owned by src/features/): the model side depends
 * only on these shapes.
 */
export type { FeatureSpec, FeatureRow } from '../features/feature-spec.js';
