/** The training pipeline's settings (training/config.json overrides them). */
import { DEFAULT_PREPROCESS, type PreprocessConfig } from './preprocess.js';
import type { FitOptions } from './train.train.js';
import type { ModelKind } from './net.js';

export interface CandidateConfig {
  kind: ModelKind;
  embDim: number;
  hidden: number[];
  fit: FitOptions;
}

export interface TrainConfig {
  seed: number;
  preprocess: PreprocessConfig;
  candidates: CandidateConfig[];
  /** Largest IPW weight (clipped above). */
  maxWeight: number;
  bootstrap: number;
  /** Rows of the validation set the ONNX parity check runs on. */
  parityRows: number;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  seed: 42,
  preprocess: DEFAULT_PREPROCESS,
  candidates: [
    { kind: 'logistic', embDim: 1, hidden: [], fit: { epochs: 30, batchSize: 512, learningRate: 0.02, l2: 1e-5, patience: 3 } },
    { kind: 'embedding-mlp', embDim: 8, hidden: [32], fit: { epochs: 30, batchSize: 512, learningRate: 0.005, l2: 1e-5, patience: 3 } },
  ],
  maxWeight: 100,
  bootstrap: 200,
  parityRows: 10_000,
};

/** Merges a partial configuration (from JSON) over the defaults. */
export function trainConfig(partial: Partial<TrainConfig> = {}): TrainConfig {
  return {
    ...DEFAULT_TRAIN_CONFIG,
    ...partial,
    preprocess: { ...DEFAULT_TRAIN_CONFIG.preprocess, ...(partial.preprocess ?? {}) },
    candidates: partial.candidates ?? DEFAULT_TRAIN_CONFIG.candidates,
  };
}
