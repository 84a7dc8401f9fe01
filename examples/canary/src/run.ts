import { runCanaryStory } from './story.js';

// `pnpm canary` (or `npm start` here): the whole story, printed as it happens; ends by itself.
const started = Date.now();
const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`;
runCanaryStory({ log: (line) => console.log(`${stamp()} ${line}`) }).then(
  (result) => {
    console.log(`${stamp()} ${result.slackMessages.length} Slack messages; every process stopped`);
  },
  (err: unknown) => {
    console.error(`canary story failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
