import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the API runs on the server (pnpm start or the server's own start script).
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/trpc': `http://localhost:${process.env.API_PORT ?? 3000}` },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
