// Vite builds the web client and, in development, serves it with the API proxied on the same origin
// (so the refresh cookie, scoped to /api/v1/auth, behaves as in production).
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

export default defineConfig(({ mode }) => {
  // Dev tool only: where the API listens. The app itself never reads the environment.
  const env = loadEnv(mode, import.meta.dirname, 'FINPLAT_');
  const apiUrl = env.FINPLAT_API_URL ?? 'http://127.0.0.1:8080';
  return {
    plugins: [react()],
    server: { proxy: { '/api': apiUrl, '/readyz': apiUrl } },
    preview: { proxy: { '/api': apiUrl, '/readyz': apiUrl } },
    build: {
      // report-bundle.ts reads the manifest to tell initial JS from lazily loaded chunks.
      manifest: true,
      sourcemap: false,
      target: 'es2022',
    },
  };
});
