// Prisma 7 CLI configuration. Only `prisma generate` is used (with PRISMA_SCHEMA_ENGINE_BINARY=/bin/false,
// because the CLI's schema engine would be downloaded from outside the npm registry). Migrations are
// versioned SQL files in prisma/migrations, applied by the app itself (src/db/migrate.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
});
