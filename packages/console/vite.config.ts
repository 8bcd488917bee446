import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by `tradelane serve` from dist/ (packages/platform/src/main/console.ts).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or styles: the console runs under a strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
