import { z } from 'zod';

// zod compiles object parsers with `new Function` when it can, and finds out whether it can by trying:
// under the server's Content-Security-Policy (no 'unsafe-eval') each try is a reported violation.
// Imported first by main.tsx, before any schema is used.
z.config({ jitless: true });
