// Gives a Node-environment test file jsdom's window as its global scope; import it before React.
// Vitest's own jsdom environment transforms modules for the browser, which rewrites
// `new URL(path, import.meta.url)` into a page URL and so breaks the real Switchyard server (it finds
// its files that way). A test that renders React beside a real server in one process uses this instead.
import { builtinEnvironments } from 'vitest/runtime';

await builtinEnvironments.jsdom.setup(globalThis, {});
