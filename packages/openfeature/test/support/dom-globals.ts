// Gives a Node-environment test file jsdom's window as its global scope; import it before React.
// Vitest's own jsdom environment transforms modules for the browser, which breaks the real Switchyard
// server running in the same process (it finds its files through `import.meta.url`).
import { builtinEnvironments } from 'vitest/runtime';

await builtinEnvironments.jsdom.setup(globalThis, {});
