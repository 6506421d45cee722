import { Type } from 'typebox';
import type { RoutePlugin } from './index.js';
import { listModels, promoteModel } from '../../ml/models.service.js';

const ModelRow = Type.Object({
  version: Type.String(),
  status: Type.Union([Type.Literal('shadow'), Type.Literal('active'), Type.Literal('retired')]),
  spec_version: Type.String(),
  kind: Type.String(),
  created_at: Type.String(),
  promoted_at: Type.Union([Type.String(), Type.Null()]),
  retired_at: Type.Union([Type.String(), Type.Null()]),
  train_from: Type.String(),
  train_to: Type.String(),
  threshold: Type.Union([Type.Number(), Type.Null()]),
  onnx_sha256: Type.String(),
});

/** Model versions: list and promote (registration, which runs the model, is the CLI's and the scoring job's). */
export const modelsRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/models',
    {
      schema: {
        summary: 'Registered model versions (shadow, active, retired), newest first',
        response: { 200: Type.Object({ models: Type.Array(ModelRow) }) },
      },
    },
    async () => ({ models: await listModels(deps) }),
  );
  app.post(
    '/models/:version/promote',
    {
      schema: {
        summary: 'Make a version active; the previous active version goes back to shadow',
        params: Type.Object({ version: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$' }) }),
        response: { 200: ModelRow },
      },
    },
    async (req) => promoteModel(deps, req.params.version),
  );
};
