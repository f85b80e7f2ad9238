import {defineConfig} from 'vite'
import {editionPlugin} from './src/vite/plugin.js'

// `npm start`: the reading view on 127.0.0.1, rebuilt by the edition pipeline on every request
// and reloaded when the edition, its annotations or the view change. `vite preview` serves dist/.
export default defineConfig({
  plugins: [editionPlugin({root: process.env.EDITION_ROOT ?? '.'})],
  server: {host: '127.0.0.1', port: 5173},
  preview: {host: '127.0.0.1', port: 4173},
  build: {outDir: 'dist'},
  appType: 'custom'
})
