import { Type, type Static } from 'typebox';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import type { RoutePlugin } from './index.js';
import { PackageDetail, ProtocolJson, StoredFile } from './registers.schemas.js';
import { AppError } from '../../errors.js';
import { packageRepo } from '../../registers/ingest/package.repo.js';
import { findingsRepo } from '../../registers/store/findings.repo.js';
import { protocolName, rejectionFindings, renderFlkP, toProtocolEntry } from '../../registers/protocol/flk-p.js';
import { packageRules } from '../../registers/package-list.service.js';
import { baseName } from '../../registers/package-summary.js';
import type { Finding } from '../../registers/contracts.js';
import { currentUser } from '../../access/access.plugin.js';
import { hidePaths, redactFindings } from '../../access/redact.js';
import { commitScope } from '../../db/scope.js';
import { ingestJobId } from '../../jobs/ingest.job.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) });

/** The download name of a file's protocol, as `omsx flk` names it (HM… → VM….xml), safe in a header. */
function attachment(sourceFile: string): string {
  const name = protocolName(hidePaths(sourceFile).replace(/^.*[\\/]/, '')) + '.xml';
  return `attachment; filename="${name.replace(/[^\w.\-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Register packages: upload (→ `registers.ingest` job), status, FLK protocol. */
export const registersRoutes: RoutePlugin = async (app, { deps }) => {
  const packages = packageRepo(deps.db.sql);

  app.post(
    '/registers',
    {
      config: {
        rateLimit: { max: deps.config.uploadRatePerMinute, timeWindow: 60_000, keyGenerator: (req) => req.user?.id ?? req.ip },
      },
      schema: {
        summary:
          'Upload a register package (multipart field "file": ZIP or XML); queues its ingestion. The same bytes uploaded again ' +
          '(even at once) answer the package already made for them (duplicate: true)',
        consumes: ['multipart/form-data'],
        response: {
          202: Type.Object({ id: Type.String(), status: Type.String(), duplicate: Type.Boolean() }),
        },
      },
    },
    async (req, reply) => {
      const user = currentUser(req);
      if (!deps.queue) throw new AppError('INTERNAL', 'the job queue is not configured (service mode needs Redis)');
      // one part, a file in the field "file": anything else is refused rather than silently ignored
      let upload: { filename: string; path: string; sha256: string } | undefined;
      for await (const part of req.parts()) {
        if (part.type !== 'file' || part.fieldname !== 'file' || upload) {
          if (part.type === 'file') part.file.resume(); // drain it, so that the answer is not held up by the upload
          if (upload) await rm(dirname(upload.path), { recursive: true, force: true });
          throw new AppError(
            'BAD_INPUT',
            upload
              ? `one package per upload: a second part "${part.fieldname}" came after the file`
              : `unexpected multipart field "${part.fieldname}": the package goes in a file field named "file"`,
          );
        }
        const safeName = part.filename.replace(/[^\w.\-]/g, '_').slice(-120) || 'upload';
        // one folder per upload, the file under its own name: the name tells the register kind (HM…, CM…, LM…)
        const dir = join(deps.config.home, 'uploads', randomUUID());
        await mkdir(dir, { recursive: true });
        const path = join(dir, safeName);
        const hash = createHash('sha256');
        const hashing = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        });
        try {
          await pipeline(part.file, hashing, createWriteStream(path));
        } catch (e) {
          await rm(dir, { recursive: true, force: true });
          throw e;
        }
        if (part.file.truncated) {
          await rm(dir, { recursive: true, force: true });
          throw new AppError('TOO_LARGE', `${safeName}: larger than the limit of ${deps.config.maxPackageBytes} bytes`);
        }
        upload = { filename: part.filename, path, sha256: hash.digest('hex') };
      }
      if (!upload) throw new AppError('BAD_INPUT', 'no file in the upload (multipart field "file")');
      const { filename, path, sha256 } = upload;
      // the same bytes at once: one upload at a time per hash takes the lock; the others find its package
      await deps.db.sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [sha256]);
      const existing = await packages.findBySha(sha256);
      if (existing) {
        await rm(dirname(path), { recursive: true, force: true });
        return reply.status(202).send({ id: existing.id, status: existing.status, duplicate: true });
      }
      const id = await packages.create(filename, path, { sha256, uploadedBy: user.id, codeMo: user.mo });
      // the worker must find the package: committed before the job is queued
      await commitScope();
      try {
        await deps.queue.add('registers.ingest', { packageId: id }, ingestJobId(id));
      } catch (e) {
        await packages.fail(id, 'the job queue was unavailable; upload the package again');
        await rm(dirname(path), { recursive: true, force: true });
        throw e;
      }
      return reply.status(202).send({ id, status: 'queued', duplicate: false });
    },
  );

  app.get(
    '/registers/:id',
    {
      schema: {
        summary: 'Status, progress and counts of an uploaded package, and its FLK/MEK findings by rule',
        params: Id,
        response: { 200: PackageDetail },
      },
    },
    async (req) => {
      const p = await packages.get(req.params.id);
      if (!p) throw new AppError('NOT_FOUND', `package ${req.params.id} not found`);
      const stats = p.stats as {
        files?: Array<Static<typeof StoredFile> & { reasons?: unknown }>;
        warnings?: string[];
      };
      const files = stats.files ?? [];
      const sum = (k: 'cases' | 'accepted' | 'rejected' | 'findings') => files.reduce((n, f) => n + (Number(f[k]) || 0), 0);
      return {
        id: p.id,
        source: baseName(hidePaths(p.source_name)),
        status: p.status,
        progress: p.progress,
        error: p.error && hidePaths(p.error),
        createdAt: new Date(p.created_at).toISOString(),
        finishedAt: p.finished_at && new Date(p.finished_at).toISOString(),
        counts: {
          files: files.length,
          cases: sum('cases'),
          accepted: sum('accepted'),
          rejected: sum('rejected'),
          findings: sum('findings'),
        },
        files: files.map(({ error, reasons: _reasons, ...f }) => ({ ...f, error: typeof error === 'string' ? hidePaths(error) : error })),
        warnings: (stats.warnings ?? []).map(hidePaths),
        rules: await packageRules(deps.db.sql, p.id, p.stats),
      };
    },
  );

  app.get(
    '/registers/:id/protocol',
    {
      schema: {
        summary: 'FLK protocol (FLK_P XML in windows-1251, or JSON with ?format=json) of a package file',
        params: Id,
        querystring: Type.Object({
          file: Type.Optional(Type.String()),
          format: Type.Optional(Type.Union([Type.Literal('xml'), Type.Literal('json')])),
        }),
        response: {
          200: {
            description: 'FLK_P XML (windows-1251), or with ?format=json the findings as JSON',
            content: {
              'application/json': { schema: ProtocolJson },
              'application/xml': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const p = await packages.get(req.params.id);
      if (!p) throw new AppError('NOT_FOUND', `package ${req.params.id} not found`);
      const byFile = await findingsRepo(deps.db.sql).forPackage(p.id);
      const names = [...byFile.keys()];
      const stats = p.stats as {
        files?: Array<{ file: string; status: string; error: string | null; fileId: string | null; reasons?: Finding[] }>;
      };
      const known = [...new Set([...(stats.files ?? []).map((f) => f.file), ...names])];
      if (req.query.file !== undefined && !known.includes(req.query.file))
        throw new AppError(
          'NOT_FOUND',
          `file ${req.query.file} is not in package ${p.id}${known.length ? ` (its files: ${known.join(', ')})` : ''}`,
          {
            files: known,
          },
        );
      if (!known.length && p.status === 'rejected') {
        // rejected whole before any file was read (not a ZIP, a ZIP bomb, a path outside the archive): the reason is
        // the protocol, under the package's own name
        const source = p.source_name ?? `package ${p.id}`;
        const findings = rejectionFindings(p.error ?? undefined, undefined);
        if (req.query.format === 'json') return { file: source, findings: findings.map((f) => toProtocolEntry(source, f)) };
        return reply
          .type('application/xml; charset=windows-1251')
          .header('content-disposition', attachment(source))
          .send(iconv.encode(renderFlkP(source, findings), 'win1251'));
      }
      const fileName = req.query.file ?? known[0];
      if (!fileName)
        throw new AppError('CONFLICT', `package ${p.id} is ${p.status}: its protocol is ready when its files have been read`, {
          status: p.status,
        });
      const stat = stats.files?.find((f) => f.file === fileName);
      // as `omsx flk` writes them: a file rejected whole stored no findings, so its protocol says why; a file read
      // before (a duplicate upload) has the protocol of its first reading
      const stored =
        stat?.status === 'rejected'
          ? rejectionFindings(stat.error ?? undefined, stat.reasons)
          : stat?.status === 'duplicate' && stat.fileId
            ? await findingsRepo(deps.db.sql).forFile(stat.fileId)
            : (byFile.get(fileName) ?? []);
      // an MO sees its patients but not another MO's registers; other roles see no personal data
      const findings = redactFindings(
        stored.map((f) => ({ ...f, message: hidePaths(f.message) })),
        currentUser(req),
      );
      if (req.query.format === 'json')
        return {
          file: fileName,
          findings: findings.map((f) => toProtocolEntry(fileName, f)),
        };
      return reply
        .type('application/xml; charset=windows-1251')
        .header('content-disposition', attachment(fileName))
        .send(iconv.encode(renderFlkP(fileName, findings), 'win1251'));
    },
  );
};
