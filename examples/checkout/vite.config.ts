import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // In this repository the SDK is bundled from its TypeScript source, so it needs no build first.
  // An app that installs @switchyard/sdk-react from npm leaves `resolve` out.
  resolve: { conditions: ['@switchyard/source', ...defaultClientConditions] },
});
