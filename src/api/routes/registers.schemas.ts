// The register packages' answers: the list (GET /api/registers), one package (GET /api/registers/:id) and a file's
// protocol as JSON (GET /api/registers/:id/protocol?format=json). Response
// schemas also serialize: a package's file keeps the stats it does not list (additionalProperties), as ingestion
// writes what it measured of each file.
import { Type } from 'typebox';
import { Nullable, Open } from './schema-kit.js';

const Counts = Type.Object({
  files: Type.Integer(),
  cases: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  findings: Type.Integer(),
});
const File = Type.Object({
  file: Type.String(),
  kind: Nullable(Type.String()),
  status: Nullable(Type.String()),
  cases: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  findings: Type.Integer(),
  error: Nullable(Type.String()),
});
const Rule = Type.Object({ control: Type.String(), rule: Type.String(), count: Type.Integer(), name: Type.String() });
const Package = {
  id: Type.String(),
  source: Type.String(),
  status: Type.String(),
  progress: Type.Number(),
  error: Nullable(Type.String()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  counts: Counts,
  rules: Type.Array(Rule),
};

export const PackageList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(
    Type.Object({
      ...Package,
      mos: Type.Array(Type.String()),
      periods: Type.Array(Type.String()),
      files: Type.Array(File),
      ruleCount: Type.Integer(),
    }),
  ),
});

/** A file of one package as ingestion stored its stats: the list's fields when measured, and whatever else it wrote. */
export const StoredFile = Open({
  file: Type.String(),
  kind: Type.Optional(Nullable(Type.String())),
  status: Type.Optional(Nullable(Type.String())),
  cases: Type.Optional(Type.Integer()),
  accepted: Type.Optional(Type.Integer()),
  rejected: Type.Optional(Type.Integer()),
  findings: Type.Optional(Type.Integer()),
  error: Type.Optional(Nullable(Type.String())),
});

export const PackageDetail = Type.Object({
  ...Package,
  files: Type.Array(StoredFile),
  warnings: Type.Array(Type.String()),
});

/** A file's FLK protocol as JSON (?format=json; the XML is sent as it is, not through this schema). */
export const ProtocolJson = Type.Object({
  file: Type.String(),
  findings: Type.Array(
    Type.Object({
      file: Type.String(),
      control: Type.String(),
      rule: Type.String(),
      severity: Type.String(),
      element: Nullable(Type.String()),
      n_zap: Nullable(Type.String()),
      idcase: Nullable(Type.String()),
      sl_id: Nullable(Type.String()),
      message: Type.String(),
    }),
  ),
});
