// Scenario (c) alone: `node --conditions=@switchyard/source --import tsx src/engine/realistic/main.ts` in bench/.
import { runRealistic } from './run.js';

const failures = await runRealistic();
if (failures.length > 0) process.exitCode = 1;
