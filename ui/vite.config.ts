import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Four pages (portal, console, operator console, staff setup) share one bundle of React, i18n and helpers. They are served by the api from the
// consentry-ui jar (META-INF/resources/ui/); /consent/{tenant} and /console/{tenant} return these pages.
export default defineConfig({
  plugins: [react()],
  base: '/ui/',
  build: {
    outDir: resolve(import.meta.dirname, 'target/classes/META-INF/resources/ui'),
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: {
        portal: resolve(import.meta.dirname, 'portal.html'),
        console: resolve(import.meta.dirname, 'console.html'),
        operator: resolve(import.meta.dirname, 'operator.html'),
        setup: resolve(import.meta.dirname, 'setup.html'),
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
